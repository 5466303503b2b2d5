package dev.gatehouse.controller.testing;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Kubernetes API calls as RBAC sees them: {@code verb group/resource}, the group {@code core} for the
 * legacy API. {@link #CONTROLLER_USES} is what Gatehouse's controller calls; the deployment's roles must
 * grant exactly that, and the tests check every recorded call against it.
 */
public final class ApiCalls {

    public static final Set<String> CONTROLLER_USES = Set.of(
            "get networking.k8s.io/ingresses", "list networking.k8s.io/ingresses", "watch networking.k8s.io/ingresses",
            "update networking.k8s.io/ingresses/status",
            "list networking.k8s.io/ingressclasses", "watch networking.k8s.io/ingressclasses",
            "list core/services", "watch core/services", "get core/services", "patch core/services",
            "patch core/services/status", "list core/nodes", "watch core/nodes",
            "get core/configmaps", "create core/configmaps", "patch core/configmaps",
            "list core/configmaps", "watch core/configmaps",
            "list core/secrets", "watch core/secrets", "get core/secrets", "create core/secrets", "update core/secrets",
            "list discovery.k8s.io/endpointslices", "watch discovery.k8s.io/endpointslices",
            "create core/events", "patch core/events",
            "get coordination.k8s.io/leases", "create coordination.k8s.io/leases", "patch coordination.k8s.io/leases",
            "get gateway.networking.k8s.io/gatewayclasses", "list gateway.networking.k8s.io/gatewayclasses",
            "watch gateway.networking.k8s.io/gatewayclasses", "update gateway.networking.k8s.io/gatewayclasses/status",
            "get gateway.networking.k8s.io/gateways", "list gateway.networking.k8s.io/gateways",
            "watch gateway.networking.k8s.io/gateways", "update gateway.networking.k8s.io/gateways/status",
            "get gateway.networking.k8s.io/httproutes", "list gateway.networking.k8s.io/httproutes",
            "watch gateway.networking.k8s.io/httproutes", "update gateway.networking.k8s.io/httproutes/status",
            "get gateway.networking.k8s.io/grpcroutes", "list gateway.networking.k8s.io/grpcroutes",
            "watch gateway.networking.k8s.io/grpcroutes", "update gateway.networking.k8s.io/grpcroutes/status",
            "get gateway.networking.k8s.io/tlsroutes", "list gateway.networking.k8s.io/tlsroutes",
            "watch gateway.networking.k8s.io/tlsroutes", "update gateway.networking.k8s.io/tlsroutes/status",
            "get gateway.networking.k8s.io/tcproutes", "list gateway.networking.k8s.io/tcproutes",
            "watch gateway.networking.k8s.io/tcproutes", "update gateway.networking.k8s.io/tcproutes/status",
            "get gateway.networking.k8s.io/udproutes", "list gateway.networking.k8s.io/udproutes",
            "watch gateway.networking.k8s.io/udproutes", "update gateway.networking.k8s.io/udproutes/status",
            "get gateway.networking.k8s.io/referencegrants", "list gateway.networking.k8s.io/referencegrants",
            "watch gateway.networking.k8s.io/referencegrants", "get apiextensions.k8s.io/customresourcedefinitions",
            "get gateway.networking.k8s.io/backendtlspolicies", "list gateway.networking.k8s.io/backendtlspolicies",
            "watch gateway.networking.k8s.io/backendtlspolicies", "update gateway.networking.k8s.io/backendtlspolicies/status",
            "get gateway.networking.k8s.io/listenersets", "list gateway.networking.k8s.io/listenersets",
            "watch gateway.networking.k8s.io/listenersets", "update gateway.networking.k8s.io/listenersets/status",
            "list core/namespaces", "watch core/namespaces");

    private ApiCalls() {
    }

    public static String grant(String verb, String group, String resource) {
        return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource;
    }

    /** The RBAC grant an HTTP request to the API server needs, e.g. GET /api/v1/namespaces/a/services?watch=true → watch core/services. */
    public static Optional<String> of(String method, String target) {
        URI uri = URI.create(target);
        List<String> segments = Arrays.stream(uri.getPath().split("/")).filter(s -> !s.isEmpty()).toList();
        String group;
        List<String> rest;
        if (segments.size() >= 2 && segments.get(0).equals("api")) {
            group = "";
            rest = segments.subList(2, segments.size());
        } else if (segments.size() >= 3 && segments.get(0).equals("apis")) {
            group = segments.get(1);
            rest = segments.subList(3, segments.size());
        } else {
            return Optional.empty();
        }
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            rest = rest.subList(2, rest.size());
        }
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        String resource = rest.get(0) + (rest.size() >= 3 ? "/" + rest.get(2) : "");
        boolean named = rest.size() >= 2;
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        String verb = switch (method) {
            case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase();
        };
        return Optional.of(grant(verb, group, resource));
    }
}
