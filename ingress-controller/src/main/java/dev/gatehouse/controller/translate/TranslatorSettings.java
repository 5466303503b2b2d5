package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.gateway.GatewaySettings;
import dev.gatehouse.controller.translate.objects.StrictTransportSecurity;
import dev.gatehouse.routing.ProxyTuning;
import java.util.List;
import java.util.Set;

/**
 * Which Ingresses are ours, and what hosts with TLS get.
 *
 * @param ingressClass            the class name we answer to ({@code --ingress-class}, {@code gatehouse} by default)
 * @param controllerClass         the {@code spec.controller} of IngressClasses that are ours
 *                                ({@code --controller-class}, {@code gatehouse.dev/ingress-controller} by default)
 * @param strictTransportSecurity the Strict-Transport-Security header of HTTPS responses for hosts with TLS, or null
 *                                for none; made from the {@code --hsts*} flags, never from an object's text
 * @param defaultCertificate      {@code namespace/name} of the TLS Secret served to server names without a certificate
 *                                ({@code --default-certificate}), or null for the listener's generated one
 * @param acmeChallengeSecret     {@code namespace/name} of the Secret whose entries (token: key authorization) the proxy
 *                                answers ACME HTTP-01 challenges with, or null for none
 * @param groups                  the marathon-lb groups served ({@code --group}, {@code external} by default; {@code *}
 *                                for every group)
 * @param strictMode              marathon-lb's {@code --strict-mode}: only ports with {@code HAPROXY_{n}_ENABLED=true} are served
 * @param tcpServices             {@code namespace/name} of the ConfigMap of TCP services ({@code --tcp-services-configmap}),
 *                                or null for none
 * @param reservedPorts           the ports of Gatehouse's own listeners (HTTP, HTTPS, admin), which no TCP listener may take
 * @param config                  {@code namespace/name} of the global ConfigMap ({@code --config}), or null for none
 * @param tuning                  the proxy settings of the command line that the global ConfigMap may change; every
 *                                snapshot carries them, changed or not ({@link ProxyTuning#DEFAULTS} unless set)
 * @param gateway                 which GatewayClasses are ours and on which ports their listeners are served
 * @param udpServices             {@code namespace/name} of the ConfigMap of UDP services ({@code --udp-services-configmap}),
 *                                or null for none
 */
public record TranslatorSettings(String ingressClass, String controllerClass, String strictTransportSecurity,
                                 String defaultCertificate, String acmeChallengeSecret, List<String> groups, boolean strictMode,
                                 String tcpServices, Set<Integer> reservedPorts, String config, ProxyTuning tuning,
                                 GatewaySettings gateway, String udpServices) {

    public static final String DEFAULT_GROUP = "external";

    public static final String DEFAULT_INGRESS_CLASS = "gatehouse";
    public static final String DEFAULT_CONTROLLER_CLASS = "gatehouse.dev/ingress-controller";
    /** ingress-nginx's default: a year, subdomains included, no preload. */
    public static final String DEFAULT_HSTS = hsts(31_536_000, true, false);

    public TranslatorSettings {
        if (ingressClass == null || ingressClass.isEmpty() || controllerClass == null || controllerClass.isEmpty()) {
            throw new IllegalArgumentException("the ingress class and the controller class must not be empty");
        }
        groups = List.copyOf(groups);
        if (groups.isEmpty() || groups.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("groups " + groups + " must be names (expected e.g. external, or *)");
        }
        reservedPorts = Set.copyOf(reservedPorts);
        if (tuning == null) {
            throw new IllegalArgumentException("the proxy settings must be set (ProxyTuning.DEFAULTS for the built-in ones)");
        }
        if (gateway == null) {
            throw new IllegalArgumentException("the Gateway API settings must be set (GatewaySettings.DEFAULTS for the built-in ones)");
        }
    }

    public TranslatorSettings(String ingressClass, String controllerClass, String strictTransportSecurity,
                              String defaultCertificate, String acmeChallengeSecret) {
        this(ingressClass, controllerClass, strictTransportSecurity, defaultCertificate, acmeChallengeSecret, List.of(DEFAULT_GROUP),
                false, null, Set.of(), null, ProxyTuning.DEFAULTS, GatewaySettings.DEFAULTS, null);
    }

    public TranslatorSettings(String ingressClass, String controllerClass) {
        this(ingressClass, controllerClass, DEFAULT_HSTS, null, null);
    }

    public TranslatorSettings(String ingressClass, String controllerClass, String strictTransportSecurity,
                              String defaultCertificate) {
        this(ingressClass, controllerClass, strictTransportSecurity, defaultCertificate, null);
    }

    /** The same settings, answering ACME challenges from that Secret. */
    public TranslatorSettings withAcmeChallengeSecret(String secretRef) {
        return new TranslatorSettings(ingressClass, controllerClass, strictTransportSecurity, defaultCertificate, secretRef, groups,
                strictMode, tcpServices, reservedPorts, config, tuning, gateway, udpServices);
    }

    /** The same settings, serving this marathon-lb group, in strict mode or not, with that TCP services ConfigMap (or none). */
    public TranslatorSettings withLabels(String servedGroup, boolean strict, String tcpServicesConfigMap) {
        return withLabels(List.of(servedGroup), strict, tcpServicesConfigMap);
    }

    /** The same settings, serving these marathon-lb groups. */
    public TranslatorSettings withLabels(List<String> servedGroups, boolean strict, String tcpServicesConfigMap) {
        return new TranslatorSettings(ingressClass, controllerClass, strictTransportSecurity, defaultCertificate, acmeChallengeSecret,
                servedGroups, strict, tcpServicesConfigMap, reservedPorts, config, tuning, gateway, udpServices);
    }

    /** The same settings, keeping TCP listeners off these ports (Gatehouse's own; 0 entries are ignored). */
    public TranslatorSettings withReservedPorts(Set<Integer> ports) {
        return new TranslatorSettings(ingressClass, controllerClass, strictTransportSecurity, defaultCertificate, acmeChallengeSecret,
                groups, strictMode, tcpServices, ports, config, tuning, gateway, udpServices);
    }

    /** The same settings, with the global defaults of that ConfigMap ({@code namespace/name}, or null for none). */
    public TranslatorSettings withConfig(String configMap) {
        return new TranslatorSettings(ingressClass, controllerClass, strictTransportSecurity, defaultCertificate, acmeChallengeSecret,
                groups, strictMode, tcpServices, reservedPorts, configMap, tuning, gateway, udpServices);
    }

    /** The same settings, with these proxy settings of the command line under the global ConfigMap's. */
    public TranslatorSettings withTuning(ProxyTuning value) {
        return new TranslatorSettings(ingressClass, controllerClass, strictTransportSecurity, defaultCertificate, acmeChallengeSecret,
                groups, strictMode, tcpServices, reservedPorts, config, value, gateway, udpServices);
    }

    /** The same settings, with these Gateway API settings. */
    public TranslatorSettings withGateway(GatewaySettings value) {
        return new TranslatorSettings(ingressClass, controllerClass, strictTransportSecurity, defaultCertificate, acmeChallengeSecret,
                groups, strictMode, tcpServices, reservedPorts, config, tuning, value, udpServices);
    }

    /** The same settings, with that UDP services ConfigMap ({@code namespace/name}, or null for none). */
    public TranslatorSettings withUdpServices(String configMap) {
        return new TranslatorSettings(ingressClass, controllerClass, strictTransportSecurity, defaultCertificate, acmeChallengeSecret,
                groups, strictMode, tcpServices, reservedPorts, config, tuning, gateway, configMap);
    }

    public static TranslatorSettings defaults() {
        return new TranslatorSettings(DEFAULT_INGRESS_CLASS, DEFAULT_CONTROLLER_CLASS);
    }

    /** The header value for a max-age in seconds, with includeSubDomains and preload when asked. */
    public static String hsts(long maxAgeSeconds, boolean includeSubDomains, boolean preload) {
        return StrictTransportSecurity.header(maxAgeSeconds, includeSubDomains, preload);
    }
}
