package dev.gatehouse.controller.translate.gateway;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * GRPCRoutes as the HTTPRoutes they route the same as, so that one attachment, rule translation and status serve both:
 * a gRPC call is an HTTP/2 POST to {@code /service/method}, so each method match becomes a path match
 * ({@link GrpcMethodPaths}), header matches stay header matches, and the filters a GRPCRoute may have
 * (RequestHeaderModifier, ResponseHeaderModifier, RequestMirror, ExtensionRef) are the HTTPRoute filters of the same
 * name and settings. The route keeps its kind, so its references, its status and its messages name a GRPCRoute, and
 * its Service ports are spoken to over h2c (by the translator's {@link ServiceBackends}). A rule whose match cannot be
 * served, or that mirrors (copies go over HTTP/1.1, which a gRPC server refuses), is kept with the reason it is dropped.
 */
final class GrpcRoutes {

    static final String KIND = "GRPCRoute";

    private final List<HTTPRoute> routes = new ArrayList<>();
    private final Map<HTTPRoute, Map<Integer, String>> problems = new IdentityHashMap<>();

    GrpcRoutes(List<GRPCRoute> grpcRoutes) {
        for (GRPCRoute grpc : grpcRoutes) {
            Map<Integer, String> dropped = new HashMap<>();
            List<GRPCRouteRule> rules = grpc.getSpec() == null || grpc.getSpec().getRules() == null ? List.of() : grpc.getSpec().getRules();
            List<HTTPRouteRule> converted = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                GRPCRouteRule rule = rules.get(i);
                String field = "spec.rules[" + i + "]";
                List<HTTPRouteMatch> matches = new ArrayList<>();
                List<GRPCRouteMatch> grpcMatches = rule.getMatches() == null ? List.of() : rule.getMatches();
                for (int j = 0; j < grpcMatches.size() && !dropped.containsKey(i); j++) {
                    try {
                        matches.add(match(grpcMatches.get(j)));
                    } catch (IllegalArgumentException invalid) {
                        dropped.put(i, field + ".matches[" + j + "].method: " + invalid.getMessage());
                    }
                }
                List<HTTPRouteFilter> filters = filters(rule.getFilters());
                if (!dropped.containsKey(i) && filters.stream().anyMatch(filter -> "RequestMirror".equals(filter.getType()))) {
                    dropped.put(i, field + ".filters: RequestMirror is not served for GRPCRoutes yet (copies go over HTTP/1.1, "
                            + "which a gRPC server refuses)");
                }
                List<HTTPBackendRef> backends = new ArrayList<>();
                for (GRPCBackendRef ref : rule.getBackendRefs() == null ? List.<GRPCBackendRef>of() : rule.getBackendRefs()) {
                    backends.add(new HTTPBackendRef(filters(ref.getFilters()), ref.getGroup(), ref.getKind(), ref.getName(),
                            ref.getNamespace(), ref.getPort(), ref.getWeight()));
                }
                converted.add(new HTTPRouteRule(backends, filters, matches, rule.getName(), null, rule.getSessionPersistence(), null));
            }
            HTTPRoute route = new HTTPRoute(grpc.getApiVersion(), KIND, grpc.getMetadata(), grpc.getSpec() == null ? null
                    : new HTTPRouteSpec(grpc.getSpec().getHostnames(), grpc.getSpec().getParentRefs(), converted,
                            grpc.getSpec().getUseDefaultGateways()), null);
            routes.add(route);
            problems.put(route, dropped);
        }
    }

    /** The GRPCRoutes as HTTPRoutes of kind GRPCRoute. */
    List<HTTPRoute> routes() {
        return routes;
    }

    /** Why rule {@code index} of {@code route} is dropped before it is translated, or null (always null for an HTTPRoute). */
    String problem(HTTPRoute route, int index) {
        return problems.getOrDefault(route, Map.of()).get(index);
    }

    private static HTTPRouteMatch match(GRPCRouteMatch match) {
        List<HTTPHeaderMatch> headers = new ArrayList<>();
        for (GRPCHeaderMatch header : match.getHeaders() == null ? List.<GRPCHeaderMatch>of() : match.getHeaders()) {
            headers.add(new HTTPHeaderMatch(header.getName(), header.getType(), header.getValue()));
        }
        return new HTTPRouteMatch(headers, null, GrpcMethodPaths.path(match.getMethod()), null);
    }

    private static List<HTTPRouteFilter> filters(List<GRPCRouteFilter> filters) {
        List<HTTPRouteFilter> converted = new ArrayList<>();
        for (GRPCRouteFilter filter : filters == null ? List.<GRPCRouteFilter>of() : filters) {
            converted.add(new HTTPRouteFilter(null, filter.getExtensionRef(), null, filter.getRequestHeaderModifier(),
                    filter.getRequestMirror(), null, filter.getResponseHeaderModifier(), filter.getType(), null));
        }
        return converted;
    }
}
