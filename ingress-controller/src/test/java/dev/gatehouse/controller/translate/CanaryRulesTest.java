package dev.gatehouse.controller.translate;

import static dev.gatehouse.controller.testing.Manifests.service;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.LoadBalancing;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.UpstreamProtocol;
import org.junit.jupiter.api.Test;

/** Where a canary Ingress's paths attach: to the main rule of the same host, path and pathType, one canary per rule. */
class CanaryRulesTest {

    private static final String CANARY = "nginx.ingress.kubernetes.io/canary: \"true\"\n";
    private static final ClusterName WEB_CANARY = new ClusterName("default", "web-canary", "80");
    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

    @Test
    void a_canary_path_attaches_to_the_main_route_whose_settings_apply_and_is_no_route_of_its_own() {
        Translation translation = translate(
                ingress("web", "2025-01-01T00:00:00Z", "nginx.ingress.kubernetes.io/proxy-read-timeout: \"90\"\n", "web.example",
                        "Prefix", "/", "web"),
                ingress("web-canary", "2025-02-01T00:00:00Z", CANARY + "nginx.ingress.kubernetes.io/canary-weight: \"30\"\n"
                        + "nginx.ingress.kubernetes.io/whitelist-source-range: \"10.0.0.0/8\"\n"
                        + "nginx.ingress.kubernetes.io/proxy-read-timeout: \"5\"\n", "web.example", "Prefix", "/", "web-canary"));

        assertThat(translation.warnings()).isEmpty();
        RouteAction.Forward forward = forward(translation.snapshot(), "web.example", "/");
        assertThat(forward.cluster().service()).isEqualTo("web");
        assertThat(forward.canary().cluster()).isEqualTo(WEB_CANARY);
        assertThat(forward.canary().weight()).isEqualTo(30);
        assertThat(forward.policy().readTimeout()).hasSeconds(90);
        assertThat(forward.filters().allowedSources()).isEmpty();
        assertThat(translation.snapshot().virtualHosts()).singleElement()
                .satisfies(host -> assertThat(host.routes()).hasSize(1));
        assertThat(translation.ingresses()).extracting(ObjectRef::name).containsExactly("web", "web-canary");
    }

    @Test
    void a_canary_path_with_another_path_type_or_host_has_no_main_rule_and_is_not_served() {
        Translation translation = translate(
                ingress("web", "2025-01-01T00:00:00Z", "", "web.example", "Prefix", "/", "web"),
                ingress("web-canary", "2025-02-01T00:00:00Z", CANARY, "web.example", "Exact", "/", "web-canary"),
                ingress("other-canary", "2025-03-01T00:00:00Z", CANARY, "other.example", "Prefix", "/", "web-canary"));

        assertThat(forward(translation.snapshot(), "web.example", "/").canary()).isNull();
        assertThat(translation.snapshot().router().find("other.example", "/").action()).isNotInstanceOf(RouteAction.Forward.class);
        assertThat(translation.ingresses()).extracting(ObjectRef::name).containsExactly("web");
        assertThat(translation.warnings()).extracting(Warning::reason).containsOnly(Warning.CANARY_WITHOUT_MAIN);
        assertThat(translation.warnings()).extracting(Warning::message).containsExactly(
                "ingress default/other-canary: spec.rules[0].http.paths[0]: host \"other.example\" path Prefix / has no main rule "
                        + "to take requests from (expected an Ingress without canary: \"true\" that routes the same host, path and "
                        + "pathType); it is not served",
                "ingress default/web-canary: spec.rules[0].http.paths[0]: host \"web.example\" path Exact / has no main rule to "
                        + "take requests from (expected an Ingress without canary: \"true\" that routes the same host, path and "
                        + "pathType); it is not served");
    }

    @Test
    void the_oldest_canary_keeps_the_rule_and_a_newer_one_is_reported() {
        Translation translation = translate(
                ingress("web", "2025-01-01T00:00:00Z", "", "web.example", "Prefix", "/", "web"),
                ingress("newer", "2025-03-01T00:00:00Z", CANARY, "web.example", "Prefix", "/", "other"),
                ingress("older", "2025-02-01T00:00:00Z", CANARY, "web.example", "Prefix", "/", "web-canary"));

        assertThat(forward(translation.snapshot(), "web.example", "/").canary().cluster()).isEqualTo(WEB_CANARY);
        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("ingress default/newer: "
                + "spec.rules[0].http.paths[0]: host \"web.example\" path Prefix / already has a canary from ingress default/older, "
                + "which is older (expected one canary per rule; the oldest wins)");
        assertThat(translation.warnings()).extracting(Warning::reason).containsExactly(Warning.RULE_CONFLICT);
    }

    @Test
    void a_canary_of_the_main_rules_own_backend_is_reported() {
        Translation translation = translate(
                ingress("web", "2025-01-01T00:00:00Z", "", "web.example", "Prefix", "/", "web"),
                ingress("web-canary", "2025-02-01T00:00:00Z", CANARY, "web.example", "Prefix", "/", "web"));

        assertThat(forward(translation.snapshot(), "web.example", "/").canary()).isNull();
        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("ingress default/web-canary: "
                + "spec.rules[0].http.paths[0]: host \"web.example\" path Prefix /: the canary's backend default/web:80 is the main "
                + "rule's own (expected another Service or port); it is not served");
    }

    @Test
    void a_main_rule_that_redirects_takes_no_canary() {
        Translation translation = translate(
                ingress("web", "2025-01-01T00:00:00Z", "nginx.ingress.kubernetes.io/permanent-redirect: \"https://new.example/\"\n",
                        "web.example", "Prefix", "/", "web"),
                ingress("web-canary", "2025-02-01T00:00:00Z", CANARY, "web.example", "Prefix", "/", "web-canary"));

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("ingress default/web-canary: "
                + "spec.rules[0].http.paths[0]: host \"web.example\" path Prefix / is not served: ingress default/web answers it "
                + "with a redirect (expected a main rule that forwards)");
    }

    @Test
    void the_canary_reaches_the_main_ingresss_server_aliases_and_survives_the_https_redirect() {
        String main = ingress("web", "2025-01-01T00:00:00Z", "nginx.ingress.kubernetes.io/server-alias: \"www.web.example\"\n",
                "web.example", "Prefix", "/", "web")
                .replaceFirst("spec:\n", "spec:\n  tls:\n  - hosts: [web.example]\n    secretName: missing\n");
        Translation translation = translate(main,
                ingress("web-canary", "2025-02-01T00:00:00Z", CANARY + "nginx.ingress.kubernetes.io/canary-by-header: \"X-Canary\"\n",
                        "web.example", "Prefix", "/", "web-canary"));

        RouteAction.Forward onHost = forward(translation.snapshot(), "web.example", "/");
        RouteAction.Forward onAlias = forward(translation.snapshot(), "www.web.example", "/");
        assertThat(onHost.policy().redirectToHttps()).isTrue();
        assertThat(onHost.canary().cluster()).isEqualTo(WEB_CANARY);
        assertThat(onAlias.canary()).isEqualTo(onHost.canary());
    }

    @Test
    void the_canary_cluster_speaks_the_main_ingresss_protocol_and_balances_by_its_own_ingress() {
        Translation translation = translate(
                ingress("web", "2025-01-01T00:00:00Z", "nginx.ingress.kubernetes.io/backend-protocol: \"GRPC\"\n", "web.example",
                        "Prefix", "/", "web"),
                ingress("web-canary", "2025-02-01T00:00:00Z", CANARY + "nginx.ingress.kubernetes.io/load-balance: \"ewma\"\n"
                        + "nginx.ingress.kubernetes.io/backend-protocol: \"HTTP\"\n", "web.example", "Prefix", "/", "web-canary"));

        assertThat(translation.warnings()).isEmpty();
        Cluster canary = translation.snapshot().clusters().stream().filter(cluster -> cluster.name().equals(WEB_CANARY))
                .findFirst().orElseThrow();
        assertThat(canary.policy().protocol()).isEqualTo(UpstreamProtocol.H2C);
        assertThat(canary.policy().loadBalancing()).isInstanceOf(LoadBalancing.LeastRequest.class);
    }

    @Test
    void a_canary_default_backend_attaches_to_the_main_default_backend() {
        String main = """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: %s
                  creationTimestamp: "%s"
                  annotations:
                    %s
                spec:
                  ingressClassName: gatehouse
                  defaultBackend: {service: {name: %s, port: {number: 80}}}
                """;
        Translation translation = translate(
                main.formatted("web", "2025-01-01T00:00:00Z", "gatehouse.dev/ttl: \"60\"", "web"),
                main.formatted("web-canary", "2025-02-01T00:00:00Z", CANARY.strip(), "web-canary"));

        assertThat(translation.warnings()).isEmpty();
        RouteAction.Forward fallback = (RouteAction.Forward) translation.snapshot().router().find("any.example", "/").action();
        assertThat(fallback.cluster().service()).isEqualTo("web");
        assertThat(fallback.canary().cluster()).isEqualTo(WEB_CANARY);
    }

    @Test
    void a_canary_path_finds_its_main_rule_on_a_host_whose_paths_are_regular_expressions() {
        Translation translation = translate(
                ingress("web", "2025-01-01T00:00:00Z", "nginx.ingress.kubernetes.io/use-regex: \"true\"\n", "web.example",
                        "ImplementationSpecific", "/api/v[0-9]+", "web"),
                ingress("web-canary", "2025-02-01T00:00:00Z", CANARY + "nginx.ingress.kubernetes.io/canary-weight: \"10\"\n",
                        "web.example", "ImplementationSpecific", "/api/v[0-9]+", "web-canary"));

        assertThat(translation.warnings()).isEmpty();
        RouteAction.Forward forward = forward(translation.snapshot(), "web.example", "/API/v2/items");
        assertThat(forward.cluster().service()).isEqualTo("web");
        assertThat(forward.canary().cluster()).isEqualTo(WEB_CANARY);
    }

    private Translation translate(String... ingresses) {
        String[] objects = new String[ingresses.length + 3];
        objects[0] = service("web", 80, "10.0.0.1", 8080);
        objects[1] = service("web-canary", 80, "10.0.0.2", 8080);
        objects[2] = service("other", 80, "10.0.0.3", 8080);
        System.arraycopy(ingresses, 0, objects, 3, ingresses.length);
        return translator.translate(view(objects));
    }

    private static RouteAction.Forward forward(RoutingSnapshot snapshot, String host, String path) {
        return (RouteAction.Forward) snapshot.router().find(host, path).action();
    }

    /** An Ingress of class gatehouse created at {@code created}, with one rule of one path to port 80 of {@code service}. */
    static String ingress(String name, String created, String annotations, String host, String pathType, String path, String service) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: %s
                  creationTimestamp: "%s"
                  annotations:
                %s
                spec:
                  ingressClassName: gatehouse
                  rules:
                  - host: "%s"
                    http:
                      paths:
                      - pathType: %s
                        path: "%s"
                        backend:
                          service:
                            name: %s
                            port:
                              number: 80
                """.formatted(name, created, annotations.isEmpty() ? "    gatehouse.dev/ttl: \"60\"" : annotations.indent(4).stripTrailing(),
                host, pathType, path, service);
    }
}
