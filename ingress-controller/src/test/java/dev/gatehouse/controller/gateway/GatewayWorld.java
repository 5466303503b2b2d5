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

    /** The base objects and {@code manifests}, served standalone with the three echo backends. */
    static RoutingWorld start(Path directory, String manifests) {
        Map<String, Integer> services = new LinkedHashMap<>();
        services.put("infra-backend-v1", 1);
        services.put("infra-backend-v2", 1);
        services.put("infra-backend-v3", 1);
        return RoutingWorld.start(directory, services, BASE + manifests, TranslatorSettings.defaults());
    }
}
