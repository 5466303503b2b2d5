package dev.gatehouse.controller.translate.annotations;

import static dev.gatehouse.controller.testing.Manifests.ingress;
import static dev.gatehouse.controller.testing.Manifests.service;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.Endpoint;
import dev.gatehouse.routing.HashKey;
import dev.gatehouse.routing.LoadBalancing;
import dev.gatehouse.routing.NextUpstream;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.SessionAffinity;
import dev.gatehouse.routing.UpstreamProtocol;
import dev.gatehouse.routing.UpstreamTls;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpstreamAnnotationsTest {

    private static final ClusterName WEB = new ClusterName("default", "web", "80");
    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

    @ParameterizedTest(name = "backend-protocol {0}")
    @CsvSource({"HTTP, HTTP1, false", "https, HTTP1, true", "GRPC, H2C, false", "GRPCS, H2C, true", "H2C, H2C, false"})
    void backend_protocol_sets_the_protocol_and_tls_of_the_service_port(String value, UpstreamProtocol protocol, boolean tls) {
        Translation translation = translate("nginx.ingress.kubernetes.io/backend-protocol: \"" + value + "\"\n");

        assertThat(translation.warnings()).isEmpty();
        ClusterPolicy policy = policy(translation);
        assertThat(policy.protocol()).isEqualTo(protocol);
        assertThat(policy.tls()).isEqualTo(tls ? UpstreamTls.UNVERIFIED : null);
    }

    @Test
    void load_balance_hash_by_and_the_session_cookie_shape_the_cluster() {
        ClusterPolicy ewma = policy(translate("nginx.ingress.kubernetes.io/load-balance: \"ewma\"\n"));
        ClusterPolicy hashed = policy(translate("""
                nginx.ingress.kubernetes.io/load-balance: "round_robin"
                nginx.ingress.kubernetes.io/upstream-hash-by: "$http_x_user"
                """));
        Translation sticky = translate("""
                nginx.ingress.kubernetes.io/affinity: "cookie"
                nginx.ingress.kubernetes.io/affinity-mode: "persistent"
                nginx.ingress.kubernetes.io/session-cookie-name: "route"
                nginx.ingress.kubernetes.io/session-cookie-path: "/app"
                nginx.ingress.kubernetes.io/session-cookie-max-age: "3600"
                nginx.ingress.kubernetes.io/session-cookie-expires: "7200"
                nginx.ingress.kubernetes.io/session-cookie-samesite: "none"
                nginx.ingress.kubernetes.io/session-cookie-change-on-failure: "true"
                nginx.ingress.kubernetes.io/session-cookie-conditional-samesite-none: "true"
                """);

        assertThat(ewma.loadBalancing()).isEqualTo(new LoadBalancing.LeastRequest(2));
        assertThat(hashed.loadBalancing()).isEqualTo(new LoadBalancing.ConsistentHash(new HashKey.Header("x-user")));
        assertThat(sticky.warnings()).isEmpty();
        assertThat(policy(sticky).affinity()).isEqualTo(new SessionAffinity("route", "/app", Duration.ofHours(1), true, "None", true,
                Duration.ofHours(2), true));
        assertThat(policy(translate("gatehouse.dev/affinity: \"cookie\"\n")).affinity()).isEqualTo(SessionAffinity.cookie("INGRESSCOOKIE"));
    }

    @ParameterizedTest(name = "upstream-hash-by {0}")
    @CsvSource(delimiter = '|', value = {
            "$remote_addr         | client",
            "$binary_remote_addr  | client",
            "$request_uri         | uri",
            "$host                | host",
            "$cookie_session_id   | cookie",
    })
    void upstream_hash_by_takes_the_common_nginx_variables(String value, String kind) {
        HashKey expected = switch (kind) {
            case "client" -> new HashKey.ClientAddress();
            case "uri" -> new HashKey.RequestUri();
            case "host" -> new HashKey.Host();
            default -> new HashKey.Cookie("session_id");
        };

        assertThat(policy(translate("nginx.ingress.kubernetes.io/upstream-hash-by: \"" + value + "\"\n")).loadBalancing())
                .isEqualTo(new LoadBalancing.ConsistentHash(expected));
    }

    @Test
    void proxy_next_upstream_becomes_the_retry_conditions_of_the_routes() {
        RouteAction.Forward statuses = forward(translate("""
                nginx.ingress.kubernetes.io/proxy-next-upstream: "error http_502  http_503 non_idempotent"
                nginx.ingress.kubernetes.io/proxy-next-upstream-tries: "2"
                """));
        RouteAction.Forward off = forward(translate("nginx.ingress.kubernetes.io/proxy-next-upstream: \"off\"\n"));

        assertThat(statuses.policy().nextUpstream()).isEqualTo(new NextUpstream(true, false, false, Set.of(502, 503), true));
        assertThat(statuses.policy().maxAttempts()).isEqualTo(2);
        assertThat(off.policy().nextUpstream()).isEqualTo(NextUpstream.OFF);
        assertThat(forward(translate("nginx.ingress.kubernetes.io/proxy-read-timeout: \"9\"\n")).policy().nextUpstream())
                .isEqualTo(NextUpstream.DEFAULT);
    }

    @Test
    void service_upstream_makes_the_cluster_ip_the_one_endpoint() {
        String web = annotated(ingress("web", "web.example", "Prefix", "/", "web", 80), "nginx.ingress.kubernetes.io/service-upstream: \"true\"\n");
        String headless = annotated(ingress("other", "other.example", "Prefix", "/", "headless", 80),
                "nginx.ingress.kubernetes.io/service-upstream: \"true\"\n");
        Translation translation = translator.translate(view(
                service("web", 80, "10.0.0.1", 8080).replace("spec:\n", "spec:\n  clusterIP: 10.96.0.10\n"),
                service("headless", 80, "10.0.0.2", 8080).replace("spec:\n", "spec:\n  clusterIP: None\n"), web, headless));

        assertThat(translation.snapshot().cluster(WEB).endpoints()).containsExactly(Endpoint.of("10.96.0.10", 80));
        assertThat(translation.snapshot().cluster(new ClusterName("default", "headless", "80")).endpoints())
                .containsExactly(Endpoint.of("10.0.0.2", 8080));
        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("ingress default/other: service-upstream: "
                + "service default/headless has no cluster IP (expected a Service that is not headless); its endpoints are used");
    }

    @Test
    void the_oldest_ingress_that_shapes_a_service_port_holds_it_and_a_newer_one_that_differs_is_told_who_holds_it() {
        String plain = created(ingress("plain", "plain.example", "Prefix", "/", "web", 80), "2024-01-01T00:00:00Z");
        String older = created(annotated(ingress("older", "older.example", "Prefix", "/", "web", 80),
                "nginx.ingress.kubernetes.io/load-balance: \"ewma\"\n"), "2025-01-01T00:00:00Z");
        String same = created(annotated(ingress("same", "same.example", "Prefix", "/", "web", 80),
                "nginx.ingress.kubernetes.io/load-balance: \"ewma\"\n"), "2025-06-01T00:00:00Z");
        String newer = created(annotated(ingress("newer", "newer.example", "Prefix", "/", "web", 80),
                "nginx.ingress.kubernetes.io/upstream-hash-by: \"$request_uri\"\n"), "2026-01-01T00:00:00Z");

        Translation translation = translator.translate(view(service("web", 80, "10.0.0.1", 8080), newer, same, plain, older));

        Cluster web = translation.snapshot().cluster(WEB);
        assertThat(web.policy().loadBalancing()).isEqualTo(new LoadBalancing.LeastRequest(2));
        assertThat(translation.warnings()).extracting(Warning::reason).containsExactly(Warning.UPSTREAM_CONFLICT);
        assertThat(translation.warnings().get(0).message()).isEqualTo("ingress default/newer: the upstream annotations for service "
                + "default/web:80 are ignored: ingress default/older, which is older, already sets them differently (expected the "
                + "same backend-protocol, load-balance, upstream-hash-by, affinity and service-upstream in every Ingress of a "
                + "Service port; the oldest wins)");
        assertThat(translation.snapshot().router().find("newer.example", "/").action()).isInstanceOf(RouteAction.Forward.class);
    }

    @Test
    void the_global_load_balance_is_the_method_of_every_service_port_an_ingress_does_not_shape() {
        IngressTranslator configured = new IngressTranslator(TranslatorSettings.defaults().withConfig("gatehouse/config"));
        String config = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: config, namespace: gatehouse}
                data: {load-balance: ewma}
                """;
        String hashed = annotated(ingress("hashed", "hashed.example", "Prefix", "/", "hashed", 80),
                "nginx.ingress.kubernetes.io/upstream-hash-by: \"$host\"\n");

        Translation translation = configured.translate(view(service("web", 80, "10.0.0.1", 8080), service("hashed", 80, "10.0.0.2", 8080),
                ingress("web", "web.example", "Prefix", "/", "web", 80), hashed, config));

        assertThat(policy(translation).loadBalancing()).isEqualTo(new LoadBalancing.LeastRequest(2));
        assertThat(translation.snapshot().cluster(new ClusterName("default", "hashed", "80")).policy().loadBalancing())
                .isEqualTo(new LoadBalancing.ConsistentHash(new HashKey.Host()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "backend-protocol      | FTP         | ingress default/web: annotation nginx.ingress.kubernetes.io/backend-protocol: \"FTP\" is not a backend protocol (expected HTTP, HTTPS, GRPC, GRPCS or H2C); using the Service port's protocol",
            "backend-protocol      | FCGI        | ingress default/web: annotation nginx.ingress.kubernetes.io/backend-protocol: \"FCGI\" is a protocol Gatehouse does not speak (expected HTTP, HTTPS, GRPC, GRPCS or H2C); using the Service port's protocol",
            "backend-protocol      | AUTO_HTTP   | ingress default/web: annotation nginx.ingress.kubernetes.io/backend-protocol: \"AUTO_HTTP\" is a protocol Gatehouse does not speak (expected HTTP, HTTPS, GRPC, GRPCS or H2C); using the Service port's protocol",
            "backend-protocol      | AJP         | ingress default/web: annotation nginx.ingress.kubernetes.io/backend-protocol: \"AJP\" is a protocol Gatehouse does not speak (expected HTTP, HTTPS, GRPC, GRPCS or H2C); using the Service port's protocol",
            "load-balance          | chash       | ingress default/web: annotation nginx.ingress.kubernetes.io/load-balance: \"chash\" is not a load-balancing method (expected round_robin or ewma); using the default",
            "upstream-hash-by      | x-user      | ingress default/web: annotation nginx.ingress.kubernetes.io/upstream-hash-by: \"x-user\" is not a hash key (expected one nginx variable: $remote_addr, $request_uri, $host, $http_NAME or $cookie_NAME); not applied",
            "upstream-hash-by      | $host$request_uri | ingress default/web: annotation nginx.ingress.kubernetes.io/upstream-hash-by: \"$host$request_uri\" is not a hash key (expected one nginx variable: $remote_addr, $request_uri, $host, $http_NAME or $cookie_NAME); not applied",
            "upstream-hash-by      | $http_      | ingress default/web: annotation nginx.ingress.kubernetes.io/upstream-hash-by: \"$http_\" is not a hash key (expected one nginx variable: $remote_addr, $request_uri, $host, $http_NAME or $cookie_NAME); not applied",
            "upstream-hash-by      | $cookie_a;b | ingress default/web: annotation nginx.ingress.kubernetes.io/upstream-hash-by: \"$cookie_a;b\" is not a hash key (expected one nginx variable: $remote_addr, $request_uri, $host, $http_NAME or $cookie_NAME); not applied",
            "service-upstream      | yes         | ingress default/web: annotation nginx.ingress.kubernetes.io/service-upstream: \"yes\" is not a boolean (expected \"true\" or \"false\"); using false",
            "proxy-next-upstream   | error http_501 | ingress default/web: annotation nginx.ingress.kubernetes.io/proxy-next-upstream: \"error http_501\" holds \"http_501\", which is not a condition (expected error, timeout, invalid_header, http_500, http_502, http_503, http_504, http_403, http_404, http_429, non_idempotent or off, separated by spaces); using the default",
            "proxy-next-upstream   | error,timeout | ingress default/web: annotation nginx.ingress.kubernetes.io/proxy-next-upstream: \"error,timeout\" holds \"error,timeout\", which is not a condition (expected error, timeout, invalid_header, http_500, http_502, http_503, http_504, http_403, http_404, http_429, non_idempotent or off, separated by spaces); using the default",
            "proxy-next-upstream   | ' '         | ingress default/web: annotation nginx.ingress.kubernetes.io/proxy-next-upstream: \" \" holds no condition (expected error, timeout, invalid_header, http_500, http_502, http_503, http_504, http_403, http_404, http_429, non_idempotent or off, separated by spaces); using the default",
            "proxy-next-upstream   | off error   | ingress default/web: annotation nginx.ingress.kubernetes.io/proxy-next-upstream: \"off error\" combines off with other conditions (expected off alone, or conditions without off); using the default",
            "affinity              | ip          | ingress default/web: annotation nginx.ingress.kubernetes.io/affinity: \"ip\" is not an affinity type (expected cookie); no session affinity",
    })
    void an_invalid_value_is_reported_by_key_value_and_expectation_and_the_ingress_still_routes(String key, String value, String message) {
        Translation translation = translate("nginx.ingress.kubernetes.io/" + key + ": \"" + value + "\"\n");

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly(message);
        assertThat(policy(translation)).isEqualTo(ClusterPolicy.DEFAULT);
        assertThat(forward(translation).policy().nextUpstream()).isEqualTo(NextUpstream.DEFAULT);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "affinity-mode                    | sticky  | ingress default/web: annotation nginx.ingress.kubernetes.io/affinity-mode: \"sticky\" is not an affinity mode (expected balanced or persistent); using balanced",
            "session-cookie-name              | my cookie | ingress default/web: annotation nginx.ingress.kubernetes.io/session-cookie-name: \"my cookie\" is not a cookie name (expected a token such as route, without spaces, \"=\" or \";\"); using INGRESSCOOKIE",
            "session-cookie-name              | a=b     | ingress default/web: annotation nginx.ingress.kubernetes.io/session-cookie-name: \"a=b\" is not a cookie name (expected a token such as route, without spaces, \"=\" or \";\"); using INGRESSCOOKIE",
            "session-cookie-path              | app     | ingress default/web: annotation nginx.ingress.kubernetes.io/session-cookie-path: \"app\" is not a cookie path (expected e.g. /app, starting with \"/\", without spaces or \";\"); using the path of the Ingress rule",
            "session-cookie-path              | /a;Domain=evil.example | ingress default/web: annotation nginx.ingress.kubernetes.io/session-cookie-path: \"/a;Domain=evil.example\" is not a cookie path (expected e.g. /app, starting with \"/\", without spaces or \";\"); using the path of the Ingress rule",
            "session-cookie-max-age           | 1h      | ingress default/web: annotation nginx.ingress.kubernetes.io/session-cookie-max-age: \"1h\" is not a number of seconds (expected an integer of 0 or more, such as 3600); no Max-Age",
            "session-cookie-max-age           | -5      | ingress default/web: annotation nginx.ingress.kubernetes.io/session-cookie-max-age: \"-5\" is not a number of seconds (expected an integer of 0 or more, such as 3600); no Max-Age",
            "session-cookie-expires           | tomorrow | ingress default/web: annotation nginx.ingress.kubernetes.io/session-cookie-expires: \"tomorrow\" is not a number of seconds (expected an integer of 0 or more, such as 3600); no Expires",
            "session-cookie-samesite          | sometimes | ingress default/web: annotation nginx.ingress.kubernetes.io/session-cookie-samesite: \"sometimes\" is not a SameSite value (expected None, Lax or Strict); no SameSite",
            "session-cookie-secure            | 1       | ingress default/web: annotation nginx.ingress.kubernetes.io/session-cookie-secure: \"1\" is not a boolean (expected \"true\" or \"false\"); using false",
            "session-cookie-conditional-samesite-none | on | ingress default/web: annotation nginx.ingress.kubernetes.io/session-cookie-conditional-samesite-none: \"on\" is not a boolean (expected \"true\" or \"false\"); using false",
            "session-cookie-domain            | a;Path=/x | ingress default/web: annotation nginx.ingress.kubernetes.io/session-cookie-domain: \"a;Path=/x\" is not a cookie domain (expected a host name such as example.com); no Domain",
            "session-cookie-change-on-failure | maybe   | ingress default/web: annotation nginx.ingress.kubernetes.io/session-cookie-change-on-failure: \"maybe\" is not a boolean (expected \"true\" or \"false\"); using false",
    })
    void an_invalid_session_cookie_setting_is_reported_and_its_default_used_while_affinity_still_applies(String key, String value,
                                                                                                       String message) {
        Translation translation = translate("nginx.ingress.kubernetes.io/affinity: \"cookie\"\nnginx.ingress.kubernetes.io/" + key
                + ": \"" + value + "\"\n");

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly(message);
        assertThat(policy(translation).affinity()).isEqualTo(SessionAffinity.cookie("INGRESSCOOKIE"));
    }

    private Translation translate(String annotations) {
        return translator.translate(view(service("web", 80, "10.0.0.1", 8080),
                annotated(ingress("web", "web.example", "Prefix", "/", "web", 80), annotations)));
    }

    private static String annotated(String ingress, String annotations) {
        return ingress.replace("metadata:\n", "metadata:\n  annotations:\n" + annotations.indent(4));
    }

    private static String created(String ingress, String timestamp) {
        return ingress.replaceFirst("metadata:\n", "metadata:\n  creationTimestamp: \"" + timestamp + "\"\n");
    }

    private static ClusterPolicy policy(Translation translation) {
        return translation.snapshot().cluster(WEB).policy();
    }

    private static RouteAction.Forward forward(Translation translation) {
        return (RouteAction.Forward) translation.snapshot().router().find("web.example", "/").action();
    }
}
