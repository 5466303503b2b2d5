package dev.gatehouse.controller.translate.labels;

import static dev.gatehouse.controller.testing.Manifests.ingress;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gatehouse.controller.testing.Labelled;
import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.controller.view.MarathonApp;
import dev.gatehouse.routing.BasicAuth;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.Endpoint;
import dev.gatehouse.routing.HashKey;
import dev.gatehouse.routing.HealthCheck;
import dev.gatehouse.routing.LoadBalancing;
import dev.gatehouse.routing.LocationRewrite;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.PathRewrite;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.SessionAffinity;
import dev.gatehouse.routing.TcpListener;
import dev.gatehouse.tls.testing.TestCertificates.Issued;
import dev.gatehouse.tls.testing.TestCertificates.KeyType;
import dev.gatehouse.tls.testing.TestCertificates;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelTranslatorTest {

    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

    @Test
    void the_dc_os_seed_example_routes_each_vhost_to_its_own_app() {
        ClusterView world = view(
                Labelled.service("web").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "web.example.com")
                        .key("HAPROXY_0_MODE", "http").at("10.0.0.1").yaml(),
                Labelled.service("api").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "api.example.com")
                        .key("HAPROXY_0_MODE", "http").at("10.0.0.2").yaml());

        Translation translation = translator.translate(world);

        assertThat(translation.warnings()).isEmpty();
        RoutingSnapshot snapshot = translation.snapshot();
        assertThat(forward(snapshot, "web.example.com", "/").cluster()).isEqualTo(new ClusterName("default", "web", "80"));
        assertThat(forward(snapshot, "api.example.com", "/x").cluster()).isEqualTo(new ClusterName("default", "api", "80"));
        assertThat(snapshot.cluster(new ClusterName("default", "api", "80")).endpoints()).containsExactly(Endpoint.of("10.0.0.2", 8080));
        assertThat(translation.labelMaps().vhostMapText()).isEqualTo("api.example.com default_api_80\nweb.example.com default_web_80\n");
        assertThat(translation.labelMaps().appMapText()).isEqualTo("/default/api default_api_80\n/default/web default_web_80\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "the app group we serve                      | external  | HAPROXY_GROUP=external                            | true",
            "another app group                           | external  | HAPROXY_GROUP=internal                            | false",
            "one of several app groups                   | external  | HAPROXY_GROUP=internal,external                   | true",
            "a port group replaces the app group         | external  | HAPROXY_GROUP=external HAPROXY_0_GROUP=internal   | false",
            "a port group in ours                        | external  | HAPROXY_GROUP=internal HAPROXY_0_GROUP=external   | true",
            "any group when we serve *                   | *         | HAPROXY_GROUP=internal                            | true",
            "the Gatehouse spelling of the group         | external  | gatehouse.dev/group=external                      | true",
            "no group at all, even with *                | *         | HAPROXY_0_MODE=http                               | false",
            "disabled port                               | external  | HAPROXY_GROUP=external HAPROXY_0_ENABLED=false    | false",
    })
    void a_port_is_served_when_its_group_is_ours(String description, String group, String keys, boolean served) {
        Labelled service = Labelled.service("web").key("HAPROXY_0_VHOST", "web.example.com");
        for (String pair : keys.split(" ")) {
            String[] kv = pair.split("=", 2);
            service.key(kv[0], kv[1]);
        }
        IngressTranslator grouped = new IngressTranslator(TranslatorSettings.defaults().withLabels(group, false, null));

        RoutingSnapshot snapshot = grouped.translate(view(service.yaml())).snapshot();

        assertThat(snapshot.virtualHosts()).hasSize(served ? 1 : 0);
    }

    @Test
    void strict_mode_serves_only_the_ports_that_say_they_are_enabled() {
        ClusterView world = view(
                Labelled.service("on").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "on.example")
                        .key("HAPROXY_0_ENABLED", "yes").yaml(),
                Labelled.service("off").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "off.example").yaml());
        IngressTranslator strict = new IngressTranslator(TranslatorSettings.defaults().withLabels("external", true, null));

        assertThat(strict.translate(world).snapshot().virtualHosts()).extracting(host -> host.host().value()).containsExactly("on.example");
    }

    @Test
    void without_a_vhost_the_port_is_tcp_on_its_service_port_unless_port_says_otherwise() {
        ClusterView world = view(
                Labelled.service("db").key("HAPROXY_GROUP", "external").port(3306, 3306).yaml(),
                Labelled.service("cache").key("HAPROXY_GROUP", "external").key("HAPROXY_0_PORT", "16379").port(6379, 6379).yaml());

        Translation translation = translator.translate(world);

        assertThat(translation.warnings()).isEmpty();
        assertThat(translation.snapshot().virtualHosts()).isEmpty();
        assertThat(translation.snapshot().tcpListeners()).containsExactly(
                new TcpListener("default/db HAPROXY_0", 3306, new ClusterName("default", "db", "3306"), false, false),
                new TcpListener("default/cache HAPROXY_0", 16379, new ClusterName("default", "cache", "6379"), false, false));
    }

    @Test
    void mode_tcp_with_a_vhost_listens_on_the_port_and_says_the_vhost_is_ignored() {
        ClusterView world = view(Labelled.service("db").key("HAPROXY_GROUP", "external").key("HAPROXY_0_MODE", "tcp")
                .key("HAPROXY_0_VHOST", "db.example").port(3306, 3306).yaml());

        Translation translation = translator.translate(world);

        assertThat(translation.snapshot().tcpListeners()).extracting(TcpListener::port).containsExactly(3306);
        assertThat(translation.warnings()).extracting(Warning::message)
                .containsExactly("service default/db: HAPROXY_0_VHOST is ignored: the port is in tcp mode (expected HAPROXY_0_MODE=http "
                        + "to route it by host)");
    }

    @Test
    void paths_match_by_beginning_and_outrank_the_host_only_port_of_the_same_host() {
        ClusterView world = view(
                Labelled.service("site").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "shop.example").yaml(),
                Labelled.service("api").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "shop.example")
                        .key("HAPROXY_0_PATH", "/api /v2").yaml());

        RoutingSnapshot snapshot = translator.translate(world).snapshot();

        assertThat(forward(snapshot, "shop.example", "/apiary").cluster().service()).isEqualTo("api");
        assertThat(forward(snapshot, "shop.example", "/v2/items").cluster().service()).isEqualTo("api");
        assertThat(forward(snapshot, "shop.example", "/index.html").cluster().service()).isEqualTo("site");
        assertThat(snapshot.virtualHosts().get(0).routes()).extracting(Route::path)
                .containsExactly(PathMatch.begins("/api"), PathMatch.begins("/v2"), PathMatch.prefix("/"));
    }

    @Test
    void backend_weight_orders_the_rules_of_a_host_highest_first() {
        ClusterView world = view(
                Labelled.service("short").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "w.example")
                        .key("HAPROXY_0_PATH", "/a").key("HAPROXY_0_BACKEND_WEIGHT", "10").yaml(),
                Labelled.service("long").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "w.example")
                        .key("HAPROXY_0_PATH", "/a/b").yaml());

        RoutingSnapshot snapshot = translator.translate(world).snapshot();

        assertThat(forward(snapshot, "w.example", "/a/b/c").cluster().service()).isEqualTo("short");
    }

    @Test
    void ingress_rules_of_a_host_are_tried_before_its_label_routes() {
        ClusterView world = view(
                ingress("site", "shop.example", "Prefix", "/shop", "site", 80),
                Labelled.service("site").port(80, 8080).yaml(),
                Labelled.service("labelled").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "shop.example")
                        .key("HAPROXY_0_PATH", "/").key("HAPROXY_0_BACKEND_WEIGHT", "100").yaml());

        Translation translation = translator.translate(world);

        assertThat(translation.warnings()).isEmpty();
        assertThat(forward(translation.snapshot(), "shop.example", "/shop/cart").cluster().service()).isEqualTo("site");
        assertThat(forward(translation.snapshot(), "shop.example", "/shopping").cluster().service()).isEqualTo("labelled");
        assertThat(forward(translation.snapshot(), "shop.example", "/other").cluster().service()).isEqualTo("labelled");
    }

    @Test
    void a_label_route_an_ingress_rule_covers_entirely_is_reported_as_never_reached() {
        ClusterView world = view(
                ingress("site", "shop.example", "Prefix", "/", "site", 80),
                Labelled.service("site").port(80, 8080).yaml(),
                Labelled.service("labelled").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "shop.example")
                        .key("HAPROXY_0_PATH", "/shop").yaml());

        Translation translation = translator.translate(world);

        assertThat(forward(translation.snapshot(), "shop.example", "/shopping").cluster().service()).isEqualTo("site");
        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("service default/labelled: host "
                + "\"shop.example\" path Begins /shop is never reached: ingress default/site routes Prefix / on that host, and Ingress "
                + "rules are tried first (expected label routes on paths no Ingress rule of the host covers)");
    }

    @Test
    void a_label_route_on_the_same_host_and_path_as_an_ingress_rule_loses_with_a_warning_event() {
        ClusterView world = view(
                ingress("site", "shop.example", "Prefix", "/", "site", 80),
                Labelled.service("site").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "shop.example").yaml());

        Translation translation = translator.translate(world);

        assertThat(translation.warnings()).extracting(Warning::object, Warning::reason).containsExactly(
                tuple(new ObjectRef("Service", "default", "site"), Warning.RULE_CONFLICT));
        assertThat(translation.warnings().get(0).message()).isEqualTo("service default/site: host \"shop.example\" path Prefix / is "
                + "already routed by ingress default/site (expected each host and path routed once: Ingress rules first, then "
                + "the highest BACKEND_WEIGHT, then Services oldest first, then Marathon apps by id)");
    }

    @Test
    void of_label_routes_on_one_host_and_path_the_highest_weight_wins_and_only_a_tie_is_a_conflict() {
        ClusterView world = view(
                Labelled.service("blue").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "shop.example").yaml(),
                Labelled.service("green").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "shop.example")
                        .key("HAPROXY_0_BACKEND_WEIGHT", "3").yaml(),
                Labelled.service("teal").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "shop.example")
                        .key("HAPROXY_0_BACKEND_WEIGHT", "3").yaml());

        Translation translation = translator.translate(world);

        assertThat(forward(translation.snapshot(), "shop.example", "/").cluster().service()).isEqualTo("green");
        assertThat(translation.warnings()).extracting(Warning::object, Warning::reason).containsExactly(
                tuple(new ObjectRef("Service", "default", "teal"), Warning.RULE_CONFLICT));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "-m str /api | -m",
            "-f /etc/paths.lst | -f",
            "-x /api | -x",
    })
    void a_path_flag_gatehouse_does_not_read_refuses_the_port_naming_the_flag(String value, String flag) {
        ClusterView world = view(Labelled.service("web").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "web.example")
                .key("HAPROXY_0_PATH", value).yaml());

        Translation translation = translator.translate(world);

        assertThat(translation.snapshot().virtualHosts()).noneMatch(host -> host.host().value().equals("web.example"));
        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("service default/web: HAPROXY_0_PATH: \""
                + value + "\" holds the flag \"" + flag + "\", which Gatehouse does not read (expected only path_beg's -i, for a "
                + "case-insensitive match, or --, before the paths, as in \"-i /api /v2\"); the port is not served, rather than "
                + "served on paths the flag would not match");
    }

    @Test
    void the_i_flag_and_the_end_of_flags_make_begins_routes_that_ignore_case() {
        ClusterView world = view(Labelled.service("web").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "web.example")
                .key("HAPROXY_0_PATH", "-i -- /Api").yaml());

        Translation translation = translator.translate(world);

        assertThat(translation.warnings()).isEmpty();
        assertThat(forward(translation.snapshot(), "web.example", "/aPI/v1").cluster().service()).isEqualTo("web");
    }

    @Test
    void redirect_hsts_stickiness_and_balance_become_the_route_and_cluster_policy() {
        ClusterView world = view(Labelled.service("web").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "web.example")
                .key("HAPROXY_0_REDIRECT_TO_HTTPS", "true").key("HAPROXY_0_USE_HSTS", "t").key("HAPROXY_0_STICKY", "y")
                .key("HAPROXY_0_BALANCE", "hdr(X-User)").yaml());

        RoutingSnapshot snapshot = translator.translate(world).snapshot();

        RouteAction.Forward forward = forward(snapshot, "web.example", "/");
        assertThat(forward.policy().httpsRedirectStatus()).isEqualTo(301);
        assertThat(forward.policy().strictTransportSecurity()).isEqualTo("max-age=15768000");
        assertThat(snapshot.cluster(forward.cluster()).policy().affinity()).isEqualTo(SessionAffinity.insertIndirect("mesosphere_server_id"));
        assertThat(snapshot.cluster(forward.cluster()).policy().loadBalancing())
                .isEqualTo(new LoadBalancing.ConsistentHash(new HashKey.Header("x-user")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "roundrobin | RoundRobin[]",
            "static-rr  | RoundRobin[]",
            "leastconn  | LeastRequest[choices=2]",
            "source     | ConsistentHash[key=ClientAddress[]]",
            "uri        | ConsistentHash[key=RequestUri[]]",
    })
    void each_balance_maps_to_a_selection_policy(String balance, String policy) {
        ClusterView world = view(Labelled.service("web").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "web.example")
                .key("HAPROXY_0_BALANCE", balance).yaml());

        RoutingSnapshot snapshot = translator.translate(world).snapshot();

        assertThat(snapshot.cluster(forward(snapshot, "web.example", "/").cluster()).policy().loadBalancing())
                .hasToString(policy);
    }

    @Test
    void auth_network_acl_and_the_proxy_paths_become_request_filters() {
        ClusterView world = view(Labelled.service("app").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "app.example")
                .key("HAPROXY_0_AUTH", "Staff only:alice:$6$salt$hash").key("HAPROXY_0_BACKEND_NETWORK_ALLOWED_ACL", "10.0.0.0/8 192.168.1.7")
                .key("HAPROXY_0_HTTP_BACKEND_PROXYPASS_PATH", "/app/").key("HAPROXY_0_HTTP_BACKEND_REVPROXY_PATH", "/app").yaml());

        Translation translation = translator.translate(world);

        assertThat(translation.warnings()).isEmpty();
        RouteAction.Forward forward = forward(translation.snapshot(), "app.example", "/app/x");
        assertThat(forward.filters().basicAuth()).isEqualTo(new BasicAuth("Staff only", Map.of("alice", "$6$salt$hash")));
        assertThat(forward.filters().allowedSources()).containsExactly("10.0.0.0/8", "192.168.1.7");
        assertThat(forward.filters().pathRewrite()).isEqualTo(new PathRewrite("/app", "/"));
        assertThat(forward.filters().upstreamHost()).isEqualTo("app.example");
        assertThat(forward.filters().locationRewrite()).isEqualTo(new LocationRewrite("app.example", "/app"));
        assertThat(translation.labelMaps().vhostMap()).as("ports with auth are not in marathon-lb's vhost map").isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "HAPROXY_0_MODE                        | udp           | InvalidLabel | false | service default/web: HAPROXY_0_MODE: \"udp\" is not a mode (expected \"http\" or \"tcp\"); the port is not served",
            "HAPROXY_0_AUTH                        | alice:secret  | InvalidLabel | false | service default/web: HAPROXY_0_AUTH: \"(hidden)\" is not realm:user:hash (expected e.g. \"My realm:alice:$6$salt$...\", three parts without other colons, a printable realm without '\"'); the port is not served, rather than served without authentication",
            "HAPROXY_0_AUTH                        | r:a:b:c       | InvalidLabel | false | service default/web: HAPROXY_0_AUTH: \"(hidden)\" is not realm:user:hash (expected e.g. \"My realm:alice:$6$salt$...\", three parts without other colons, a printable realm without '\"'); the port is not served, rather than served without authentication",
            "HAPROXY_0_BACKEND_NETWORK_ALLOWED_ACL | 10.0.0.0/33   | InvalidLabel | false | service default/web: HAPROXY_0_BACKEND_NETWORK_ALLOWED_ACL: \"10.0.0.0/33\" holds \"10.0.0.0/33\" has prefix length \"33\" (expected 0 to 32); the port is not served, rather than served to everyone",
            "HAPROXY_0_BACKEND_NETWORK_ALLOWED_ACL | office        | InvalidLabel | false | service default/web: HAPROXY_0_BACKEND_NETWORK_ALLOWED_ACL: \"office\" holds \"office\" is not an IP address or CIDR block (expected e.g. 10.0.0.0/8, 192.168.1.7 or 2001:db8::/32); the port is not served, rather than served to everyone",
            "HAPROXY_0_PATH                        | api           | InvalidPath  | false | service default/web: HAPROXY_0_PATH: path \"api\" must start with \"/\" and hold no control characters (expected e.g. /api); this path is not routed",
            "HAPROXY_0_VHOST                       | bad_host!     | InvalidHost  | false | service default/web: HAPROXY_0_VHOST: host \"bad_host!\" must be a DNS name (expected dot-separated labels of letters, digits and '-', each starting and ending with a letter or digit)",
            "HAPROXY_0_REDIRECT_TO_HTTPS           | maybe         | InvalidLabel | true  | service default/web: HAPROXY_0_REDIRECT_TO_HTTPS: \"maybe\" is not a boolean (expected true or false, as marathon-lb reads yes/no/t/f too); using false",
            "HAPROXY_0_STICKY                      | sure          | InvalidLabel | true  | service default/web: HAPROXY_0_STICKY: \"sure\" is not a boolean (expected true or false, as marathon-lb reads yes/no/t/f too); not sticky",
            "HAPROXY_0_BALANCE                     | random        | InvalidLabel | true  | service default/web: HAPROXY_0_BALANCE: \"random\" is not a balance Gatehouse has (expected roundrobin, static-rr, leastconn, source, uri or hdr(NAME)); using roundrobin",
            "HAPROXY_0_BACKEND_WEIGHT              | heavy         | InvalidLabel | true  | service default/web: HAPROXY_0_BACKEND_WEIGHT: \"heavy\" is not a weight (expected an integer from -1000000 to 1000000); using 0",
            "HAPROXY_0_PORT                        | 70000         | InvalidLabel | true  | service default/web: HAPROXY_0_PORT: \"70000\" is not a port (expected 1-65535); the Service's own port number is used",
            "HAPROXY_0_HTTP_BACKEND_PROXYPASS_PATH | app           | InvalidLabel | true  | service default/web: HAPROXY_0_HTTP_BACKEND_PROXYPASS_PATH: \"app\" must be a path starting with \"/\" (expected e.g. /app); not applied",
            "HAPROXY_0_BACKEND_HEALTHCHECK_PORT_INDEX | 3          | InvalidLabel | true  | service default/web: HAPROXY_0_BACKEND_HEALTHCHECK_PORT_INDEX: \"3\" is not the index of a port (expected 0 to 0); health checks go to the port itself",
            "HAPROXY_0_SSL_CERT                    | other/cert    | InvalidTLSSecret | true | service default/web: HAPROXY_0_SSL_CERT: \"other/cert\" does not name a Secret Gatehouse may use (expected the name of a TLS Secret in namespace default); the hosts get the default certificate",
            "HAPROXY_0_BACKEND_HEAD                | 'backend x'   | RefusedLabel | true  | service default/web: HAPROXY_0_BACKEND_HEAD is refused: it replaces a piece of marathon-lb's HAProxy configuration text, and Gatehouse has no configuration text (expected the typed keys of docs/labels.md instead)",
            "HAPROXY_0_VHOSTS                      | x.example     | InvalidLabel | true  | service default/web: HAPROXY_0_VHOSTS is not a key Gatehouse reads (expected one of GROUP, VHOST, PATH, MODE, REDIRECT_TO_HTTPS, STICKY, BALANCE, BACKEND_WEIGHT, USE_HSTS, AUTH, BACKEND_NETWORK_ALLOWED_ACL, PORT, ENABLED, HTTP_BACKEND_PROXYPASS_PATH, HTTP_BACKEND_REVPROXY_PATH, SSL_CERT, BACKEND_HEALTHCHECK_PORT_INDEX after HAPROXY_{n}_)",
    })
    void an_unusable_value_is_reported_by_key_value_and_expectation(String key, String value, String reason, boolean stillRoutes,
                                                                    String message) {
        Labelled service = Labelled.service("web").key("HAPROXY_GROUP", "external").key("HAPROXY_0_MODE", "http");
        service.key("HAPROXY_0_VHOST", "web.example").key(key, value);

        Translation translation = translator.translate(view(service.yaml()));

        assertThat(translation.warnings()).extracting(Warning::reason).contains(reason);
        assertThat(translation.warnings()).extracting(Warning::message).contains(message);
        assertThat(translation.snapshot().virtualHosts()).hasSize(stillRoutes ? 1 : 0);
    }

    @Test
    void annotations_win_over_labels_and_the_gatehouse_spelling_wins_over_haproxys() {
        ClusterView world = view(Labelled.service("web").label("HAPROXY_GROUP", "internal").key("HAPROXY_GROUP", "external")
                .label("HAPROXY_0_VHOST", "label.example").key("HAPROXY_0_VHOST", "annotation.example")
                .key("gatehouse.dev/1.vhost", "second.example").key("HAPROXY_1_VHOST", "ignored.example")
                .port(80, 8080).port(81, 8081).yaml());

        RoutingSnapshot snapshot = translator.translate(world).snapshot();

        assertThat(snapshot.virtualHosts()).extracting(host -> host.host().value())
                .containsExactlyInAnyOrder("annotation.example", "second.example");
        assertThat(forward(snapshot, "second.example", "/").cluster()).isEqualTo(new ClusterName("default", "web", "81"));
    }

    @Test
    void ssl_cert_binds_the_secret_of_the_namespace_to_the_port_hosts() {
        Issued issued = TestCertificates.issue(TestCertificates.ca("Test CA"), KeyType.EC, "secure.example");
        ClusterView world = view(Labelled.service("web").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "secure.example")
                .key("HAPROXY_0_SSL_CERT", "web-cert").yaml(), tlsSecret("web-cert", issued));

        Translation translation = translator.translate(world);

        assertThat(translation.warnings()).isEmpty();
        assertThat(translation.snapshot().certificateFor("secure.example")).isNotNull();
        assertThat(translation.snapshot().tls()).extracting(binding -> binding.secret()).containsExactly("default/web-cert");
    }

    @Test
    void the_health_check_port_index_points_each_endpoint_at_its_port_of_another_service_port() {
        ClusterView world = view(Labelled.service("web").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "web.example")
                .key("HAPROXY_0_BACKEND_HEALTHCHECK_PORT_INDEX", "1").key("gatehouse.dev/health-check-path", "/healthz")
                .port(80, 8080).port(9000, 9090).at("10.0.0.9").yaml());

        RoutingSnapshot snapshot = translator.translate(world).snapshot();

        assertThat(snapshot.cluster(new ClusterName("default", "web", "80")).endpoints())
                .containsExactly(new Endpoint("10.0.0.9", 8080, 1, 9090));
    }

    @Test
    void the_tcp_services_config_map_opens_listeners_before_any_label_and_reports_bad_entries() {
        ClusterView world = view("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: tcp-services, namespace: gatehouse}
                data:
                  "3306": "default/db-service:3306"
                  "5432": "default/pg:5432:PROXY"
                  "5672": "default/queue:amqp::PROXY"
                  "70000": "default/db-service:3306"
                  "9999": "db-service"
                """,
                Labelled.service("db-service").port(3306, 3306).yaml(),
                Labelled.service("pg").port(5432, 5432).yaml(),
                Labelled.service("queue").port(5672, 5672).yaml().replace("name: p0", "name: amqp"),
                Labelled.service("other").key("HAPROXY_GROUP", "external").port(3306, 13306).yaml());
        IngressTranslator withTcp = new IngressTranslator(TranslatorSettings.defaults().withLabels("external", false, "gatehouse/tcp-services"));

        Translation translation = withTcp.translate(world);

        assertThat(translation.snapshot().tcpListeners()).containsExactly(
                new TcpListener("tcp-services 3306", 3306, new ClusterName("default", "db-service", "3306"), false, false),
                new TcpListener("tcp-services 5432", 5432, new ClusterName("default", "pg", "5432"), true, false),
                new TcpListener("tcp-services 5672", 5672, new ClusterName("default", "queue", "5672"), false, true));
        assertThat(translation.warnings()).extracting(Warning::reason).containsExactlyInAnyOrder(
                Warning.INVALID_TCP_SERVICE, Warning.INVALID_TCP_SERVICE, Warning.PORT_CONFLICT);
        assertThat(translation.warnings()).extracting(Warning::message).contains(
                "configmap gatehouse/tcp-services: data[70000]: \"70000\" is not a port (expected a number from 1 to 65535 as the key)",
                "configmap gatehouse/tcp-services: data[9999]: \"db-service\" is not a service (expected NAMESPACE/SERVICE:PORT, "
                        + "optionally followed by :PROXY and a second :PROXY)",
                "service default/other: spec.ports[0].port: TCP port 3306 is already served by tcp-services 3306 (expected one listener "
                        + "per port: the tcp-services ConfigMap first, then Services oldest first, then Marathon apps by id, "
                        + "then TCPRoutes oldest first)");
    }

    @Test
    void a_marathon_app_routes_its_healthy_tasks_with_its_http_health_check() {
        MarathonApp app = new MarathonApp("/shop/web", Map.of("HAPROXY_GROUP", "external", "HAPROXY_0_VHOST", "shop.example"),
                List.of(new MarathonApp.Port(10000, "http", "tcp"), new MarathonApp.Port(10001, "admin", "tcp")),
                List.of(new MarathonApp.Task("shop_web.1", "10.1.0.1", List.of(31000, 31001)),
                        new MarathonApp.Task("shop_web.2", "10.1.0.2", List.of(31002, 31003))),
                List.of(new MarathonApp.HealthCheck("HTTP", "/ping", 0, Duration.ofSeconds(10), Duration.ofSeconds(3), 2)));
        ClusterView world = ClusterView.empty().withMarathonApps(List.of(app));

        Translation translation = translator.translate(world);

        ClusterName name = new ClusterName("Marathon", "shop/web", "10000");
        assertThat(forward(translation.snapshot(), "shop.example", "/").cluster()).isEqualTo(name);
        assertThat(translation.snapshot().cluster(name).endpoints()).containsExactly(Endpoint.of("10.1.0.1", 31000),
                Endpoint.of("10.1.0.2", 31002));
        assertThat(translation.snapshot().cluster(name).policy().healthCheck())
                .isEqualTo(new HealthCheck("/ping", Duration.ofSeconds(10), Duration.ofSeconds(3), 2, 3));
        assertThat(translation.snapshot().tcpListeners()).as("the admin port has no VHOST and no HTTP check: tcp on its service port")
                .containsExactly(new TcpListener("marathon/shop/web HAPROXY_1", 10001, new ClusterName("Marathon", "shop/web", "10001"),
                        false, false));
        assertThat(translation.labelMaps().appMapText()).isEqualTo("/shop/web shop_web_10000\n");
    }

    @Test
    void a_marathon_app_without_a_group_is_served_only_by_an_instance_of_every_group() {
        MarathonApp app = new MarathonApp("/web", Map.of("HAPROXY_0_VHOST", "web.example"), List.of(new MarathonApp.Port(10000, null, "tcp")),
                List.of(new MarathonApp.Task("web.1", "10.1.0.1", List.of(31000))), List.of());
        ClusterView world = ClusterView.empty().withMarathonApps(List.of(app));

        assertThat(translator.translate(world).snapshot().virtualHosts()).isEmpty();
        assertThat(new IngressTranslator(TranslatorSettings.defaults().withLabels("*", false, null)).translate(world).snapshot()
                .virtualHosts()).hasSize(1);
    }

    @Test
    void the_app_wide_gatehouse_group_does_not_override_port_zeros_own_group() {
        ClusterView world = view(Labelled.service("web").key("gatehouse.dev/group", "external").key("HAPROXY_0_GROUP", "internal")
                .key("HAPROXY_1_VHOST", "one.example").key("HAPROXY_0_VHOST", "zero.example").port(80, 8080).port(81, 8081).yaml());

        assertThat(translator.translate(world).snapshot().virtualHosts()).extracting(host -> host.host().value())
                .containsExactly("one.example");
    }

    @Test
    void an_instance_serving_several_groups_routes_each_of_them() {
        ClusterView world = view(
                Labelled.service("a").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "a.example").yaml(),
                Labelled.service("b").key("HAPROXY_GROUP", "internal").key("HAPROXY_0_VHOST", "b.example").yaml(),
                Labelled.service("c").key("HAPROXY_GROUP", "other").key("HAPROXY_0_VHOST", "c.example").yaml());
        IngressTranslator both = new IngressTranslator(TranslatorSettings.defaults().withLabels(List.of("external", "internal"), false, null));

        assertThat(both.translate(world).snapshot().virtualHosts()).extracting(host -> host.host().value())
                .containsExactlyInAnyOrder("a.example", "b.example");
    }

    @Test
    void a_tcp_port_with_auth_is_refused_and_its_http_keys_are_reported_as_ignored() {
        ClusterView world = view(
                Labelled.service("locked").key("HAPROXY_GROUP", "external").key("HAPROXY_0_AUTH", "realm:alice:$6$salt$hash")
                        .port(5432, 5432).yaml(),
                Labelled.service("pathed").key("HAPROXY_GROUP", "external").key("HAPROXY_0_MODE", "tcp")
                        .key("gatehouse.dev/path", "/api").key("HAPROXY_0_USE_HSTS", "true").port(6000, 6000).yaml());

        Translation translation = translator.translate(world);

        assertThat(translation.snapshot().tcpListeners()).extracting(TcpListener::port).containsExactly(6000);
        assertThat(translation.warnings()).extracting(Warning::message).containsExactlyInAnyOrder(
                "service default/locked: HAPROXY_0_AUTH cannot be applied: the port is in tcp mode (expected HAPROXY_0_MODE=http "
                        + "and a VHOST); the port is not served, rather than served without authentication",
                "service default/pathed: gatehouse.dev/path, HAPROXY_0_USE_HSTS are ignored: the port is in tcp mode (expected "
                        + "HAPROXY_0_MODE=http to route it by host)");
    }

    @Test
    void a_marathon_app_and_a_service_of_the_same_names_get_clusters_of_their_own() {
        MarathonApp app = new MarathonApp("/web", Map.of("HAPROXY_GROUP", "external", "HAPROXY_0_VHOST", "app.example"),
                List.of(new MarathonApp.Port(10000, null, "tcp")), List.of(new MarathonApp.Task("web.1", "10.1.0.1", List.of(31000))),
                List.of());
        ClusterView world = view(Labelled.service("web", "marathon").key("HAPROXY_GROUP", "external")
                .key("HAPROXY_0_VHOST", "service.example").port(10000, 8080).yaml()).withMarathonApps(List.of(app));

        RoutingSnapshot snapshot = translator.translate(world).snapshot();

        assertThat(forward(snapshot, "app.example", "/").cluster()).isEqualTo(new ClusterName("Marathon", "web", "10000"));
        assertThat(forward(snapshot, "service.example", "/").cluster()).isEqualTo(new ClusterName("marathon", "web", "10000"));
    }

    @Test
    void a_tcp_port_on_one_of_gatehouses_own_listeners_is_reported_and_not_opened() {
        ClusterView world = view(Labelled.service("db").key("HAPROXY_GROUP", "external").port(8443, 8443).yaml());
        IngressTranslator reserved = new IngressTranslator(TranslatorSettings.defaults().withReservedPorts(java.util.Set.of(8080, 8443)));

        Translation translation = reserved.translate(world);

        assertThat(translation.snapshot().tcpListeners()).isEmpty();
        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("service default/db: spec.ports[0].port: "
                + "TCP port 8443 is one of Gatehouse's own listeners (HTTP, HTTPS or admin; expected another port)");
    }

    @Test
    void a_host_an_ingress_took_is_neither_in_the_maps_nor_given_the_labels_certificate() {
        Issued issued = TestCertificates.issue(TestCertificates.ca("Test CA"), KeyType.EC, "taken.example", "free.example");
        ClusterView world = view(ingress("site", "taken.example", "Prefix", "/", "site", 80),
                Labelled.service("site").port(80, 8080).yaml(),
                Labelled.service("web").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "taken.example,free.example")
                        .key("HAPROXY_0_SSL_CERT", "web-cert").yaml(), tlsSecret("web-cert", issued));

        Translation translation = translator.translate(world);

        assertThat(translation.labelMaps().vhostMap()).containsExactly("free.example default_web_80");
        assertThat(translation.labelMaps().serviceHosts()).containsExactly(Map.entry("default/web", List.of("free.example")));
        assertThat(translation.snapshot().tls()).extracting(binding -> binding.host().value()).containsExactly("free.example");
    }

    @Test
    void every_template_family_and_the_gatehouse_spelling_of_a_template_key_are_refused() {
        ClusterView world = view(Labelled.service("web").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "web.example")
                .key("HAPROXY_0_HTTP_FRONTEND_ACL_ONLY_WITH_PATH_AND_AUTH", "acl x").key("HAPROXY_0_MAP_HTTPS_FRONTEND_ACL", "y")
                .key("gatehouse.dev/0.backend-head", "backend z").yaml());

        Translation translation = translator.translate(world);

        assertThat(translation.warnings()).extracting(Warning::reason).containsOnly(Warning.REFUSED_LABEL).hasSize(3);
        assertThat(translation.snapshot().virtualHosts()).hasSize(1);
    }

    @Test
    void an_instance_reports_nothing_about_the_ports_it_does_not_serve() {
        ClusterView world = view(Labelled.service("internal").key("HAPROXY_GROUP", "internal").key("HAPROXY_0_VHOST", "bad_host!")
                .key("HAPROXY_0_BACKEND_HEAD", "backend x").key("HAPROXY_0_MODE", "udp").yaml());

        assertThat(translator.translate(world).warnings()).isEmpty();
    }

    private static String tlsSecret(String name, Issued issued) {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {name: %s}
                type: kubernetes.io/tls
                stringData:
                  tls.crt: |
                %s
                  tls.key: |
                %s
                """.formatted(name, issued.certificatePem().indent(4), issued.pkcs8().indent(4));
    }

    private static RouteAction.Forward forward(RoutingSnapshot snapshot, String host, String path) {
        return (RouteAction.Forward) snapshot.router().find(host, path).action();
    }
}
