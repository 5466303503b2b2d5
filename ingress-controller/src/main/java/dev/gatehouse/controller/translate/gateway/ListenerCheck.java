package dev.gatehouse.controller.translate.gateway;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKind;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.SecretObjectReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks one listener of one of our Gateways: a protocol we serve (HTTP, or HTTPS terminated here), on the proxy's port
 * for it, with certificate references to TLS Secrets of the Gateway's namespace or of one whose ReferenceGrant allows
 * it, and route kinds we serve.
 */
final class ListenerCheck {

    static final String GROUP = "gateway.networking.k8s.io";
    static final String HTTP_ROUTE = "HTTPRoute";

    private final GatewaySettings settings;
    private final Map<String, Secret> secrets;
    private final ReferenceGrants grants;
    private final CertificateBinder certificates;

    /** @param secrets the view's Secrets by {@code namespace/name} */
    ListenerCheck(GatewaySettings settings, Map<String, Secret> secrets, ReferenceGrants grants, CertificateBinder certificates) {
        this.settings = settings;
        this.secrets = secrets;
        this.grants = grants;
        this.certificates = certificates;
    }

    /**
     * @param gateway  the Gateway the listener is of, or the ListenerSet that adds it to one (whose namespace its references
     *                 and routes are taken from)
     * @param conflict why the listener is not distinct from another of its Gateway ({@link ListenerConflicts}), or null
     */
    ListenerState check(HasMetadata gateway, Listener listener, String conflict) {
        String namespace = gateway.getMetadata().getNamespace();
        String protocol = listener.getProtocol() == null ? "" : listener.getProtocol();
        if (protocol.equals("TLS")) {
            return TlsListenerCheck.check(settings, gateway, listener, conflict);
        }
        if (StreamListenerCheck.PROTOCOLS.contains(protocol)) {
            return StreamListenerCheck.check(settings, gateway, listener, conflict);
        }
        int port = listener.getPort() == null ? 0 : listener.getPort();
        String accepted = null;
        String acceptedMessage = "the listener is served on port " + GatewaySettings.servedPort(port);
        boolean https = protocol.equals("HTTPS");
        if (!protocol.equals("HTTP") && !https) {
            accepted = "UnsupportedProtocol";
            acceptedMessage = "protocol " + protocol + " is not served yet (expected HTTP, HTTPS, TLS, TCP or UDP)";
        } else if (GatewaySettings.servedPort(port) != (https ? settings.httpsPort() : settings.httpPort())) {
            accepted = "PortUnavailable";
            acceptedMessage = protocol + " port " + port + " would be served on " + GatewaySettings.servedPort(port)
                    + ", but the proxy serves " + protocol + " on port " + (https ? settings.httpsPort() : settings.httpPort())
                    + " only (expected port " + (https ? 443 : 80) + " or the one that maps to it)";
        } else if (https && listener.getTls() != null && "Passthrough".equals(listener.getTls().getMode())) {
            accepted = "UnsupportedValue";
            acceptedMessage = "TLS mode Passthrough is not served (expected Terminate)";
        } else if (conflict != null) {
            // the reason the conformance suite expects of a conflicted listener (GatewayListenerProtocolAndRouteKindConflicts)
            accepted = "Invalid";
            acceptedMessage = "the listener is not distinct from another on port " + port + " (" + conflict + "): neither is served";
        }

        String resolved = null;
        String resolvedMessage = "every reference is resolved";
        List<RouteGroupKind> kinds = new ArrayList<>();
        List<RouteGroupKind> asked = listener.getAllowedRoutes() == null || listener.getAllowedRoutes().getKinds() == null
                ? List.of() : listener.getAllowedRoutes().getKinds();
        if (asked.isEmpty()) {
            kinds.add(new RouteGroupKind(GROUP, HTTP_ROUTE));
            kinds.add(new RouteGroupKind(GROUP, GrpcRoutes.KIND));
        }
        for (RouteGroupKind kind : asked) {
            String group = kind.getGroup() == null ? GROUP : kind.getGroup();
            if (group.equals(GROUP) && (HTTP_ROUTE.equals(kind.getKind()) || GrpcRoutes.KIND.equals(kind.getKind()))) {
                kinds.add(new RouteGroupKind(GROUP, kind.getKind()));
            } else {
                resolved = "InvalidRouteKinds";
                resolvedMessage = "route kind " + group + "/" + kind.getKind() + " is not served (expected HTTPRoute or GRPCRoute)";
            }
        }
        String certificate = null;
        if (https && accepted == null) {
            List<SecretObjectReference> refs = listener.getTls() == null || listener.getTls().getCertificateRefs() == null
                    ? List.of() : listener.getTls().getCertificateRefs();
            String problem = refs.isEmpty() ? "an HTTPS listener needs tls.certificateRefs" : null;
            String reason = "InvalidCertificateRef";
            for (SecretObjectReference ref : refs) {
                boolean secretKind = (ref.getGroup() == null || ref.getGroup().isEmpty()) && (ref.getKind() == null || ref.getKind().equals("Secret"));
                String secretNamespace = ref.getNamespace() == null || ref.getNamespace().isEmpty() ? namespace : ref.getNamespace();
                String key = secretNamespace + "/" + ref.getName();
                if (!secretKind) {
                    reason = "InvalidCertificateRef";
                    problem = "certificate reference " + ref.getKind() + " " + ref.getName() + " is not a Secret";
                } else if (!grants.permits(gateway.getKind(), namespace, "", "Secret", secretNamespace, ref.getName())) {
                    // checked before the Secret is looked for, so that a missing grant never tells whether it exists
                    reason = "RefNotPermitted";
                    problem = "Secret " + key + " is in another namespace, and no ReferenceGrant of that namespace allows Gateways of "
                            + namespace + " to use it";
                } else if (!isTls(secrets.get(key))) {
                    reason = "InvalidCertificateRef";
                    problem = "Secret " + key + " is missing or not a TLS Secret with tls.crt and tls.key";
                } else if (certificates.problem(secretNamespace, ref.getName()) != null) {
                    // the conformance suite's malformed Secret (GatewayInvalidTLSConfiguration): found, but not servable
                    reason = "InvalidCertificateRef";
                    problem = "Secret " + key + ": " + certificates.problem(secretNamespace, ref.getName());
                } else if (certificate == null) {
                    certificate = key;
                }
            }
            if (problem != null) {
                resolved = reason;
                resolvedMessage = problem;
                certificate = null;
            }
        }
        boolean served = accepted == null && resolved == null;
        List<Condition> conditions = ListenerConditions.of(gateway, accepted, acceptedMessage, resolved, resolvedMessage, conflict,
                "port " + port, "the listener's routes are in the proxy's routing");
        return new ListenerState(gateway, listener.getName(), port,
                listener.getHostname() == null || listener.getHostname().isEmpty() ? null : listener.getHostname(),
                listener.getAllowedRoutes() == null ? null : listener.getAllowedRoutes().getNamespaces(), kinds, certificate, served,
                conditions);
    }

    private static boolean isTls(Secret secret) {
        return secret != null && secret.getData() != null && secret.getData().containsKey("tls.crt")
                && secret.getData().containsKey("tls.key");
    }
}
