package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.testing.Admin;
import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.logging.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Standalone, nothing stores the Gateway API status: {@code gatehouse run --manifests} shows each Gateway's, listener's
 * and route's conditions under {@code /routes} (and {@code /api/v1/gateway} for the dashboard), and logs each condition
 * once when it appears or changes.
 */
class GatewayConditionsViewTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String ROUTES = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata:
              name: accepted
            spec:
              parentRefs:
              - name: same-namespace
              rules:
              - backendRefs:
                - name: infra-backend-v1
                  port: 8080
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata:
              name: outsider
              namespace: elsewhere
            spec:
              parentRefs:
              - name: same-namespace
                namespace: default
              rules:
              - backendRefs:
                - name: infra-backend-v1
                  port: 8080
            """;

    @TempDir
    Path directory;

    @Test
    void eachGatewayListenerAndRouteShowsItsConditionsUnderRoutesAndTheDashboardsView() {
        try (RoutingWorld world = GatewayWorld.start(directory, ROUTES)) {
            JsonNode gateway = gatewayApi(world);

            assertThat(gateway.path("gatewayClasses")).singleElement().satisfies(c -> {
                assertThat(c.path("name").asString()).isEqualTo("gatehouse");
                assertThat(conditions(c)).contains("Accepted=True (Accepted)");
            });
            assertThat(gateway.path("gateways")).singleElement().satisfies(g -> {
                assertThat(g.path("namespace").asString() + "/" + g.path("name").asString()).isEqualTo("default/same-namespace");
                assertThat(conditions(g)).contains("Accepted=True (Accepted)", "Programmed=True (Programmed)");
                assertThat(g.path("listeners")).singleElement().satisfies(l -> {
                    assertThat(l.path("name").asString()).isEqualTo("http");
                    assertThat(l.path("attachedRoutes").asInt()).isEqualTo(1);
                    assertThat(conditions(l)).contains("Accepted=True (Accepted)", "Conflicted=False (NoConflicts)");
                });
            });
            assertThat(route(gateway, "default", "accepted").path("parents")).singleElement().satisfies(p -> {
                assertThat(p.path("gateway").asString()).isEqualTo("default/same-namespace");
                assertThat(conditions(p)).contains("Accepted=True (Accepted)", "ResolvedRefs=True (ResolvedRefs)");
            });
            assertThat(route(gateway, "elsewhere", "outsider").path("parents")).singleElement()
                    .satisfies(p -> assertThat(conditions(p)).contains("Accepted=False (NotAllowedByListeners)"));
            assertThat(JSON.readTree(Admin.get(world.gatehouse().proxy().adminAddress().getPort(), "/api/v1/gateway").body()))
                    .isEqualTo(gateway);
        }
    }

    @Test
    void aConditionIsLoggedOnceWhenItAppearsAndNotAgainWhileItStaysTheSame() throws IOException {
        try (LogCapture logs = LogCapture.start(); RoutingWorld world = GatewayWorld.start(directory, ROUTES)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !lines(logs, "httproute default/accepted parent").isEmpty());

            Path manifests = world.directory().resolve("ingresses.yaml");
            Files.writeString(manifests, Files.readString(manifests).replace("namespace: elsewhere", "namespace: default"));

            await().atMost(Duration.ofSeconds(10)).until(() ->
                    !route(gatewayApi(world), "default", "outsider").isMissingNode());
            assertThat(lines(logs, "httproute default/accepted parent default/same-namespace: Accepted=")).hasSize(1);
            assertThat(lines(logs, "httproute elsewhere/outsider parent default/same-namespace: Accepted=False")).hasSize(1);
            assertThat(lines(logs, "httproute default/outsider parent default/same-namespace: Accepted=True")).hasSize(1);
            assertThat(lines(logs, "gateway default/same-namespace listener http (attachedRoutes 2)")).isNotEmpty();
        }
    }

    private static JsonNode gatewayApi(RoutingWorld world) {
        return JSON.readTree(Admin.get(world.gatehouse().proxy().adminAddress().getPort(), "/routes").body()).path("gatewayApi");
    }

    private static JsonNode route(JsonNode gateway, String namespace, String name) {
        return StreamSupport.stream(gateway.path("routes").spliterator(), false)
                .filter(r -> r.path("namespace").asString().equals(namespace) && r.path("name").asString().equals(name))
                .findFirst().orElse(JSON.missingNode());
    }

    private static List<String> conditions(JsonNode object) {
        return StreamSupport.stream(object.path("conditions").spliterator(), false)
                .map(c -> c.path("type").asString() + "=" + c.path("status").asString() + " (" + c.path("reason").asString() + ")")
                .toList();
    }

    private static List<String> lines(LogCapture logs, String start) {
        return logs.events().stream().filter(e -> "dev.gatehouse.controller.gateway".equals(e.getLoggerName()))
                .map(e -> e.getFormattedMessage()).filter(m -> m.startsWith(start)).toList();
    }
}
