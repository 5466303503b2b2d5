package dev.gatehouse.controller.migrate;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Ingress as Gateway API HTTPRoutes, as ingress2gateway converts them: each host of its rules becomes an HTTPRoute
 * of that hostname (Gateway API keeps hostnames on the route, so rules of two hosts cannot share one), host-less rules
 * and the default backend an HTTPRoute without hostnames; each path a rule of one match and one backendRef. Paths:
 * {@code Exact} stays exact, {@code Prefix} and {@code ImplementationSpecific} (which Gatehouse matches as a prefix)
 * become {@code PathPrefix}, a {@code use-regex} Ingress's paths {@code RegularExpression}. Backends name a Service
 * port by number, so a named port is looked up in the Service. What does not carry over (an annotation's behaviour, a
 * resource backend, an unknown port, TLS, which belongs to the Gateway) is said in the notes.
 *
 * @param ingress the Ingress, as namespace/name
 * @param routes  the HTTPRoutes it would be
 * @param notes   what of it they do not carry, one sentence each
 */
public record HttpRouteConversion(String ingress, List<HTTPRoute> routes, List<String> notes) {

    private static final String NGINX = "nginx.ingress.kubernetes.io/";

    /**
     * @param services the Services the Ingress's backends may name (for named ports)
     * @param gateway  the Gateway the routes attach to, in the Ingress's namespace
     */
    public static HttpRouteConversion of(Ingress ingress, List<Service> services, String gateway) {
        String namespace = Objects.requireNonNullElse(ingress.getMetadata().getNamespace(), "default");
        String name = ingress.getMetadata().getName();
        Map<String, String> annotations = Objects.requireNonNullElse(ingress.getMetadata().getAnnotations(), Map.of());
        boolean regex = "true".equals(annotations.get(NGINX + "use-regex"));
        List<String> notes = new ArrayList<>();
        Map<String, List<HTTPRouteRule>> rulesByHost = new LinkedHashMap<>();
        List<IngressRule> rules = ingress.getSpec().getRules() == null ? List.of() : ingress.getSpec().getRules();
        for (IngressRule rule : rules) {
            List<HTTPRouteRule> hostRules = rulesByHost.computeIfAbsent(Objects.requireNonNullElse(rule.getHost(), ""),
                    host -> new ArrayList<>());
            if (rule.getHttp() == null) {
                continue;
            }
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                String backend = backendPort(path.getBackend(), services, namespace, notes, "path " + path.getPath());
                if (backend != null) {
                    hostRules.add(rule(matchType(path.getPathType(), regex),
                            path.getPath() == null || path.getPath().isEmpty() ? "/" : path.getPath(), backend));
                }
            }
        }
        if (ingress.getSpec().getDefaultBackend() != null) {
            String backend = backendPort(ingress.getSpec().getDefaultBackend(), services, namespace, notes, "the default backend");
            if (backend != null) {
                rulesByHost.computeIfAbsent("", host -> new ArrayList<>()).add(rule("PathPrefix", "/", backend));
                notes.add("the default backend becomes a rule of the route without hostnames: it takes the listener's "
                        + "hosts that no route names, and on a host that a route names, only the paths no rule takes");
            }
        }
        List<HTTPRoute> routes = new ArrayList<>();
        rulesByHost.forEach((host, hostRules) -> {
            if (!hostRules.isEmpty()) {
                routes.add(route(namespace, routeName(name, host, rulesByHost.size()), host, hostRules, gateway, name));
            }
        });
        if (ingress.getSpec().getTls() != null && !ingress.getSpec().getTls().isEmpty()) {
            notes.add("TLS is the Gateway's: each TLS host becomes an HTTPS listener of Gateway " + gateway
                    + " with the Secret as its certificateRef (below); plain HTTP is not redirected to HTTPS unless a "
                    + "RequestRedirect route on the HTTP listener says so, where an Ingress with TLS is redirected by default");
        }
        annotations.keySet().stream().filter(key -> key.startsWith(NGINX) && !key.equals(NGINX + "use-regex")).sorted()
                .forEach(key -> notes.add("annotation " + key + " is not carried over: express it as an HTTPRoute filter "
                        + "or leave the route on the Ingress"));
        return new HttpRouteConversion(namespace + "/" + name, List.copyOf(routes), List.copyOf(notes));
    }

    private static String matchType(String pathType, boolean regex) {
        if (regex) {
            return "RegularExpression";
        }
        return "Exact".equals(pathType) ? "Exact" : "PathPrefix";
    }

    /** "service:port" of a backend, the port as a number, or null (with a note) when it has none. */
    private static String backendPort(IngressBackend backend, List<Service> services, String namespace, List<String> notes,
                                      String where) {
        if (backend.getService() == null) {
            notes.add(where + ": a resource backend has no HTTPRoute counterpart; left out");
            return null;
        }
        String service = backend.getService().getName();
        if (backend.getService().getPort().getNumber() != null) {
            return service + ":" + backend.getService().getPort().getNumber();
        }
        String portName = backend.getService().getPort().getName();
        Integer number = services.stream()
                .filter(candidate -> service.equals(candidate.getMetadata().getName())
                        && namespace.equals(Objects.requireNonNullElse(candidate.getMetadata().getNamespace(), "default")))
                .flatMap(candidate -> candidate.getSpec().getPorts().stream())
                .filter(port -> portName.equals(port.getName()))
                .map(ServicePort::getPort).findFirst().orElse(null);
        if (number == null) {
            notes.add(where + ": Service " + namespace + "/" + service + " has no port named \"" + portName
                    + "\" (a backendRef names a port by number); left out");
            return null;
        }
        return service + ":" + number;
    }

    private static HTTPRouteRule rule(String matchType, String path, String backend) {
        int colon = backend.lastIndexOf(':');
        return new HTTPRouteRuleBuilder()
                .withMatches(new HTTPRouteMatchBuilder().withPath(new HTTPPathMatchBuilder().withType(matchType).withValue(path)
                        .build()).build())
                .withBackendRefs(new HTTPBackendRefBuilder().withName(backend.substring(0, colon))
                        .withPort(Integer.parseInt(backend.substring(colon + 1))).build())
                .build();
    }

    private static HTTPRoute route(String namespace, String name, String host, List<HTTPRouteRule> rules, String gateway,
                                   String ingress) {
        HTTPRouteBuilder route = new HTTPRouteBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace)
                .addToAnnotations("gatehouse.dev/converted-from", "Ingress " + namespace + "/" + ingress).endMetadata()
                .withNewSpec().addNewParentRef().withName(gateway).endParentRef().withRules(rules).endSpec();
        if (!host.isEmpty()) {
            route.editSpec().withHostnames(host).endSpec();
        }
        return route.build();
    }

    /** The Ingress's name, and for an Ingress of several hosts the host too, as a DNS label sequence. */
    static String routeName(String ingress, String host, int hosts) {
        if (hosts == 1) {
            return ingress;
        }
        String suffix = host.isEmpty() ? "default" : host.replace("*", "wildcard").replace('.', '-');
        String name = ingress + "-" + suffix;
        return name.length() <= 253 ? name : name.substring(0, 253);
    }
}
