package dev.gatehouse.controller.gateway;

import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.controller.translate.TranslatorSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The conformance suite's infrastructure in one namespace ({@code default}): the GatewayClass of our controller, the
 * echo backends {@code infra-backend-v1} to {@code v3} (Service port 8080), and the Gateway {@code same-namespace}
 * (an HTTP listener on port 80 taking routes of its namespace), as {@code conformance/base/manifests.yaml} sets them up.
 */
final class GatewayWorld {

    static final String BASE = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata:
              name: gatehouse
            spec:
              controllerName: gatehouse.dev/gateway-controller
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: same-namespace
            spec:
              gatewayClassName: gatehouse
              listeners:
              - name: http
                port: 80
                protocol: HTTP
                allowedRoutes:
                  namespaces:
                    from: Same
            ---
            """;

    private GatewayWorld() {
    }

    /**
     * The base objects and {@code manifests}, served standalone with the three echo backends and an echo backend for each
     * of {@code upstreams} (a Service of that name in {@code default}; {@link #serviceIn} puts one in another namespace).
     */
    static RoutingWorld start(Path directory, String manifests, String... upstreams) {
        Map<String, Integer> services = new LinkedHashMap<>();
        services.put("infra-backend-v1", 1);
        services.put("infra-backend-v2", 1);
        services.put("infra-backend-v3", 1);
        for (String upstream : upstreams) {
            services.put(upstream, 1);
        }
        return RoutingWorld.start(directory, services, BASE + manifests, TranslatorSettings.defaults());
    }

    /**
     * A Service {@code name} (port 8080) in {@code namespace} whose one endpoint is the echo backend of that name, as the
     * suite's backends in {@code gateway-conformance-web-backend} and {@code gateway-conformance-app-backend}.
     */
    static String serviceIn(String namespace, String name) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %1$s, namespace: %2$s}
                spec:
                  ports: [{name: http, port: 8080}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %1$s
                  namespace: %2$s
                  labels: {kubernetes.io/service-name: %1$s}
                addressType: IPv4
                ports: [{name: http, port: ${port:%1$s}}]
                endpoints: [{addresses: ["127.0.0.1"], conditions: {ready: true}}]
                ---
                """.formatted(name, namespace);
    }
}
