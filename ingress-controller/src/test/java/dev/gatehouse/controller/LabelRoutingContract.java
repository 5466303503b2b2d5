package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import dev.gatehouse.controller.testing.Labelled;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.ProxyServer;
import dev.gatehouse.proxy.testing.Echo;
import dev.gatehouse.proxy.testing.EchoUpstream;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.proxy.testing.TlsClient;
import dev.gatehouse.tls.testing.TestCertificates;
import dev.gatehouse.tls.testing.TestCertificates.Issued;
import dev.gatehouse.tls.testing.TestCertificates.KeyType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every marathon-lb key through real requests (and real TCP connections for tcp mode), against labelled
 * Services whose endpoints are in-process upstreams. Each subclass serves the same objects from one source:
 * a manifest directory, or the Kubernetes API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LabelRoutingContract {

    private static final Issued SECURE = TestCertificates.issue(TestCertificates.ca("Label CA"), KeyType.EC, "secure.example");

    final List<AutoCloseable> upstreams = new ArrayList<>();
    TestUpstream web;
    TestUpstream api;
    TestUpstream site;
    TestUpstream pathed;
    TestUpstream weighted;
    TestUpstream redirecting;
    TestUpstream one;
    TestUpstream two;
    TestUpstream health;
    EchoUpstream db;
    EchoUpstream cache;
    int dbPort;
    int cachePort;
    int explicitPort;
    int drainPort;
    ProxyServer proxy;
    Http http;

    /** Starts Gatehouse serving {@code objects} (YAML documents) with these settings, and returns its proxy. */
    abstract ProxyServer start(String objects, TranslatorSettings translator) throws IOException;

    /** Adds the objects of {@code yaml} under {@code name}, while Gatehouse runs. */
    abstract void add(String name, String yaml) throws IOException;

    /** Takes away what {@link #add} added under {@code name}. */
    abstract void remove(String name) throws IOException;

    /** Stops Gatehouse and what {@link #start} started. */
    abstract void stop() throws Exception;

    @BeforeAll
    void startWorld() throws IOException {
        web = upstream(TestUpstream.start("web"));
        api = upstream(TestUpstream.start("api"));
        site = upstream(TestUpstream.start("site"));
        pathed = upstream(TestUpstream.start("pathed"));
        weighted = upstream(TestUpstream.start("weighted"));
        redirecting = upstream(TestUpstream.start("revproxy", LabelRoutingContract::redirectToLogin));
        one = upstream(TestUpstream.start("one"));
        two = upstream(TestUpstream.start("two"));
        health = upstream(TestUpstream.start("health"));
        db = upstream(EchoUpstream.start());
        cache = upstream(EchoUpstream.start());
        dbPort = freePort();
        cachePort = freePort();
        explicitPort = freePort();
        drainPort = freePort();
        String authHash = Sha2Crypt.sha512Crypt("open sesame".getBytes(StandardCharsets.UTF_8), "$6$labelsalt");
        String objects = String.join("---\n",
                // the DC/OS seed example: two apps of group external, each on its own vhost, in http mode
                Labelled.service("web").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "web.example.com")
                        .key("HAPROXY_0_MODE", "http").replica(web.port()).yaml(),
                Labelled.service("api").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "api.example.com")
                        .key("HAPROXY_0_MODE", "http").replica(api.port()).yaml(),
                Labelled.service("internal").key("HAPROXY_GROUP", "internal").key("HAPROXY_0_VHOST", "internal.example")
                        .replica(web.port()).yaml(),
                Labelled.service("disabled").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "disabled.example")
                        .key("HAPROXY_0_ENABLED", "false").replica(web.port()).yaml(),
                Labelled.service("site").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "shop.example,www.shop.example")
                        .key("HAPROXY_0_BACKEND_HEAD", "backend x\n  mode http").replica(site.port()).yaml(),
                Labelled.service("pathed").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "shop.example")
                        .key("HAPROXY_0_PATH", "/api /v2").replica(pathed.port()).yaml(),
                Labelled.service("weighted").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "shop.example")
                        .key("HAPROXY_0_PATH", "/w").key("HAPROXY_0_BACKEND_WEIGHT", "10").replica(weighted.port()).yaml(),
                Labelled.service("deeper").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "shop.example")
                        .key("HAPROXY_0_PATH", "/w/d").replica(web.port()).yaml(),
                // blue-green by weight: the older Service, first by name too, weighs less and must not win
                Labelled.service("aaa-blue").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "bluegreen.example")
                        .key("HAPROXY_0_PATH", "/shop").replica(web.port()).yaml(),
                Labelled.service("zzz-green").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "bluegreen.example")
                        .key("HAPROXY_0_PATH", "/shop").key("HAPROXY_0_BACKEND_WEIGHT", "5").replica(api.port()).yaml(),
                // marathon-lb's own example of a PATH with path_beg's -i flag
                Labelled.service("any-case").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "anycase.example")
                        .key("HAPROXY_0_PATH", "-i /multiple /paths").replica(pathed.port()).yaml(),
                Labelled.service("secure").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "secure.example")
                        .key("HAPROXY_0_REDIRECT_TO_HTTPS", "true").key("HAPROXY_0_USE_HSTS", "true")
                        .key("HAPROXY_0_SSL_CERT", "secure-cert").replica(web.port()).yaml(),
                Labelled.service("sticky").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "sticky.example")
                        .key("HAPROXY_0_STICKY", "true").replica(one.port()).replica(two.port()).yaml(),
                Labelled.service("by-uri").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "uri.example")
                        .key("HAPROXY_0_BALANCE", "uri").replica(one.port()).replica(two.port()).yaml(),
                Labelled.service("by-header").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "header.example")
                        .key("HAPROXY_0_BALANCE", "hdr(X-Tenant)").replica(one.port()).replica(two.port()).yaml(),
                Labelled.service("by-source").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "source.example")
                        .key("HAPROXY_0_BALANCE", "source").replica(one.port()).replica(two.port()).yaml(),
                Labelled.service("rr").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "rr.example")
                        .key("HAPROXY_0_BALANCE", "roundrobin").replica(one.port()).replica(two.port()).yaml(),
                Labelled.service("least").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "least.example")
                        .key("HAPROXY_0_BALANCE", "leastconn").replica(one.port()).replica(two.port()).yaml(),
                Labelled.service("private").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "private.example")
                        .key("HAPROXY_0_AUTH", "Staff only:alice:" + authHash).replica(web.port()).yaml(),
                Labelled.service("local").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "local.example")
                        .key("HAPROXY_0_BACKEND_NETWORK_ALLOWED_ACL", "127.0.0.1/32 ::1").replica(web.port()).yaml(),
                Labelled.service("office").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "office.example")
                        .key("HAPROXY_0_BACKEND_NETWORK_ALLOWED_ACL", "10.0.0.0/8").replica(web.port()).yaml(),
                Labelled.service("mounted").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "portal.example")
                        .key("HAPROXY_0_PATH", "/app").key("HAPROXY_0_HTTP_BACKEND_PROXYPASS_PATH", "/app")
                        .key("HAPROXY_0_HTTP_BACKEND_REVPROXY_PATH", "/app").replica(redirecting.port()).yaml(),
                Labelled.service("checked").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "checked.example")
                        .key("HAPROXY_0_BACKEND_HEALTHCHECK_PORT_INDEX", "1").key("gatehouse.dev/health-check-path", "/healthz")
                        .key("gatehouse.dev/health-check-interval", "100ms").key("gatehouse.dev/health-check-timeout", "500ms")
                        .key("gatehouse.dev/health-check-healthy-threshold", "1").key("gatehouse.dev/health-check-unhealthy-threshold", "1")
                        .key("HAPROXY_1_ENABLED", "false").port(80, 0).port(81, 0).replica(web.port(), health.port()).yaml(),
                Labelled.service("db-service").key("HAPROXY_GROUP", "external").key("HAPROXY_0_PORT", Integer.toString(dbPort))
                        .port(3306, 3306).replica(db.port()).yaml(),
                Labelled.service("cache").port(6379, 6379).replica(cache.port()).yaml(),
                Labelled.service("explicit-tcp").key("HAPROXY_GROUP", "external").key("HAPROXY_0_MODE", "tcp")
                        .key("HAPROXY_0_PORT", Integer.toString(explicitPort)).port(5432, 5432).replica(db.port()).yaml(),
                Labelled.service("port-group").key("HAPROXY_GROUP", "internal").key("HAPROXY_0_GROUP", "external")
                        .key("HAPROXY_0_VHOST", "port-group.example").replica(web.port()).yaml(),
                Labelled.service("spelled").key("gatehouse.dev/group", "external").key("gatehouse.dev/vhost", "spelled.example")
                        .key("gatehouse.dev/0.path", "/only").replica(web.port()).yaml(),
                Labelled.service("claimer").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "claimed.example")
                        .replica(web.port()).yaml(),
                """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: claimed, namespace: default}
                spec:
                  ingressClassName: gatehouse
                  rules:
                  - host: claimed.example
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: site, port: {number: 80}}}}
                """,
                """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: tcp-services, namespace: default}
                data:
                  "%d": "default/cache:6379"
                """.formatted(cachePort),
                """
                apiVersion: v1
                kind: Secret
                metadata: {name: secure-cert}
                type: kubernetes.io/tls
                stringData:
                  tls.crt: |
                %s
                  tls.key: |
                %s
                """.formatted(SECURE.certificatePem().indent(4), SECURE.pkcs8().indent(4)));
        proxy = start(objects, TranslatorSettings.defaults().withLabels("external", false, "default/tcp-services"));
        http = new Http(proxy.httpAddress().getPort());
        await().atMost(Duration.ofSeconds(10)).until(() -> answeredBy("web.example.com", "/").equals("web"));
        // the TCP ports may come in a later snapshot than the hosts (another informer's event), and bind after it
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.tcpAddress(dbPort) != null && proxy.tcpAddress(cachePort) != null);
    }

    @AfterAll
    void stopWorld() throws Exception {
        stop();
        for (AutoCloseable upstream : upstreams) {
            upstream.close();
        }
    }

    @Test
    void the_seed_example_routes_each_vhost_to_its_own_app() {
        assertThat(answeredBy("web.example.com", "/")).isEqualTo("web");
        assertThat(answeredBy("api.example.com", "/v1/users")).isEqualTo("api");
        assertThat(answeredBy("other.example.com", "/")).isEqualTo("status 404");
    }

    @Test
    void the_admin_port_serves_marathon_lbs_vhost_and_app_maps() {
        Http admin = new Http(proxy.adminAddress().getPort());

        String vhosts = admin.get(null, "/_haproxy_getvhostmap").body();
        String apps = admin.get(null, "/_haproxy_getappmap").body();

        assertThat(vhosts.lines()).contains("web.example.com default_web_80", "api.example.com default_api_80",
                "shop.example default_site_80", "www.shop.example default_site_80")
                .noneMatch(line -> line.startsWith("private.example") || line.startsWith("internal.example"));
        assertThat(apps.lines()).contains("/default/web default_web_80", "/default/pathed default_pathed_80")
                .noneMatch(line -> line.startsWith("/default/db-service"));
    }

    @Test
    void a_port_group_replaces_the_app_group_and_the_gatehouse_spellings_route_as_marathon_lbs() {
        assertThat(answeredBy("port-group.example", "/")).isEqualTo("web");
        assertThat(answeredBy("spelled.example", "/only/here")).isEqualTo("web");
        assertThat(answeredBy("spelled.example", "/elsewhere")).isEqualTo("status 404");
    }

    @Test
    void an_ingress_rule_keeps_its_host_and_path_against_a_label_route() {
        assertThat(answeredBy("claimed.example", "/")).isEqualTo("site");
    }

    @Test
    void an_explicit_tcp_mode_port_listens_on_its_haproxy_port() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), explicitPort)) {
            socket.setSoTimeout(5000);
            assertThat(roundTrip(socket, "\u0000\u0003startup")).isEqualTo("\u0000\u0003startup");
        }
    }

    @Test
    void a_removed_tcp_port_refuses_new_connections_while_an_open_one_drains() throws Exception {
        add("drained", Labelled.service("drained").key("HAPROXY_GROUP", "external").key("HAPROXY_0_PORT", Integer.toString(drainPort))
                .port(7000, 7000).replica(cache.port()).yaml());
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.tcpAddress(drainPort) != null);
        try (Socket open = new Socket(InetAddress.getLoopbackAddress(), drainPort)) {
            open.setSoTimeout(5000);
            assertThat(roundTrip(open, "before")).isEqualTo("before");

            remove("drained");
            await().atMost(Duration.ofSeconds(10)).until(() -> proxy.tcpAddress(drainPort) == null);

            assertThat(roundTrip(open, "after")).isEqualTo("after");
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), drainPort).close())
                    .isInstanceOf(java.net.ConnectException.class);
        }
    }

    @Test
    void a_port_outside_our_group_or_disabled_is_not_routed() {
        assertThat(answeredBy("internal.example", "/")).isEqualTo("status 404");
        assertThat(answeredBy("disabled.example", "/")).isEqualTo("status 404");
    }

    @Test
    void every_host_of_a_vhost_list_routes_and_a_template_key_is_refused_without_stopping_the_port() {
        assertThat(answeredBy("shop.example", "/index.html")).isEqualTo("site");
        assertThat(answeredBy("www.shop.example", "/index.html")).isEqualTo("site");
    }

    @Test
    void paths_match_by_their_beginning_and_weight_orders_overlapping_paths() {
        assertThat(answeredBy("shop.example", "/api/users")).isEqualTo("pathed");
        assertThat(answeredBy("shop.example", "/apiary")).isEqualTo("pathed");
        assertThat(answeredBy("shop.example", "/v2")).isEqualTo("pathed");
        assertThat(answeredBy("shop.example", "/w/d/c")).as("weight 10 on /w is tried before /w/d").isEqualTo("weighted");
        assertThat(answeredBy("shop.example", "/wx")).as("path_beg: /w begins /wx").isEqualTo("weighted");
    }

    @Test
    void of_two_apps_on_one_host_and_path_the_higher_backend_weight_serves_it() {
        assertThat(answeredBy("bluegreen.example", "/shop/cart")).isEqualTo("api");
    }

    @Test
    void a_path_with_the_i_flag_matches_by_its_beginning_whatever_the_case() {
        assertThat(answeredBy("anycase.example", "/Multiple/x")).isEqualTo("pathed");
        assertThat(answeredBy("anycase.example", "/PATHS")).isEqualTo("pathed");
        assertThat(http.get("anycase.example", "/other").statusCode()).isEqualTo(404);
    }

    @Test
    void redirect_to_https_answers_301_and_hsts_and_the_ssl_cert_are_served_over_https() throws Exception {
        HttpResponse<String> plain = http.get("secure.example", "/login?next=/");

        assertThat(plain.statusCode()).isEqualTo(301);
        assertThat(plain.headers().firstValue("Location")).hasValue("https://secure.example:"
                + proxy.httpsAddress().getPort() + "/login?next=/");

        X509Certificate served = TlsClient.served(proxy.httpsAddress().getPort(), "secure.example");
        assertThat(served.getSubjectX500Principal().getName()).contains("secure.example");
        HttpResponse<String> secure = https("secure.example", "/login");
        assertThat(Http.answeredBy(secure)).isEqualTo("web");
        assertThat(secure.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=15768000");
    }

    @Test
    void sticky_sends_marathon_lbs_cookie_and_keeps_the_client_on_its_endpoint() {
        HttpResponse<String> first = http.get("sticky.example", "/");
        String cookie = first.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("mesosphere_server_id="))
                .findFirst().orElseThrow();
        String pinned = Http.answeredBy(first);

        Set<String> later = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            later.add(Http.answeredBy(http.send(http.request("sticky.example", "/")
                    .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).GET().build())));
        }

        assertThat(later).containsExactly(pinned);
    }

    @Test
    void sticky_keeps_its_cookie_from_the_app_and_its_answer_out_of_shared_caches_as_insert_indirect_nocache_does() {
        HttpResponse<String> first = http.get("sticky.example", "/");
        String cookie = first.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("mesosphere_server_id="))
                .findFirst().orElseThrow();
        String pair = cookie.substring(0, cookie.indexOf(';'));

        HttpResponse<String> withOthers = http.send(http.request("sticky.example", "/")
                .header("Cookie", "session=abc; " + pair + "; theme=dark").GET().build());
        HttpResponse<String> alone = http.send(http.request("sticky.example", "/").header("Cookie", pair).GET().build());

        assertThat(Echo.parse(withOthers.body())).containsEntry("header.cookie", "session=abc; theme=dark");
        assertThat(Echo.parse(alone.body())).doesNotContainKey("header.cookie");
        assertThat(first.headers().allValues("Cache-Control")).contains("private");
        assertThat(alone.headers().allValues("Set-Cookie")).as("a client with a valid cookie gets none").isEmpty();
        assertThat(Http.answeredBy(alone)).isEqualTo(Http.answeredBy(first));
    }

    @Test
    void balance_uri_header_and_source_keep_one_key_on_one_endpoint_and_roundrobin_alternates() {
        assertThat(answers("uri.example", "/same/path", Map.of(), 10)).hasSize(1);
        assertThat(answers("header.example", "/", Map.of("X-Tenant", "acme"), 10)).hasSize(1);
        assertThat(answers("source.example", "/", Map.of(), 10)).hasSize(1);
        assertThat(answers("rr.example", "/", Map.of(), 10)).containsExactlyInAnyOrder("one", "two");
        assertThat(answers("least.example", "/", Map.of(), 20)).containsExactlyInAnyOrder("one", "two");
    }

    @Test
    void auth_asks_for_the_realm_and_lets_in_the_right_password_only() {
        HttpResponse<String> anonymous = http.get("private.example", "/");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Staff only\"");

        assertThat(Http.answeredBy(withPassword("alice", "wrong"))).isEqualTo("status 401");
        assertThat(Http.answeredBy(withPassword("bob", "open sesame"))).isEqualTo("status 401");
        assertThat(Http.answeredBy(withPassword("alice", "open sesame"))).isEqualTo("web");
    }

    @Test
    void the_network_acl_lets_in_the_listed_sources_and_forbids_the_others() {
        assertThat(answeredBy("local.example", "/")).isEqualTo("web");
        assertThat(answeredBy("office.example", "/")).isEqualTo("status 403");
    }

    @Test
    void proxypass_strips_the_path_and_sets_the_host_and_revproxy_maps_location_back_under_it() {
        HttpResponse<String> response = http.get("portal.example", "/app/account?tab=1");

        assertThat(redirecting.requests()).last().satisfies(seen -> assertThat(seen.get("uri")).isEqualTo("/account?tab=1"));
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/app/login");
    }

    @Test
    void the_health_check_port_index_checks_each_endpoint_on_its_other_port() {
        assertThat(answeredBy("checked.example", "/")).isEqualTo("web");
        await().atMost(Duration.ofSeconds(10)).until(() -> health.requests().stream().anyMatch(r -> "/healthz".equals(r.get("uri"))));
        assertThat(web.requests()).noneMatch(r -> "/healthz".equals(r.get("uri")));
    }

    @Test
    void a_tcp_port_forwards_bytes_and_its_connection_survives_snapshot_changes() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), dbPort)) {
            socket.setSoTimeout(5000);
            assertThat(roundTrip(socket, "SELECT 1;")).isEqualTo("SELECT 1;");

            add("late", Labelled.service("late").key("HAPROXY_GROUP", "external").key("HAPROXY_0_VHOST", "late.example")
                    .replica(web.port()).yaml());
            await().atMost(Duration.ofSeconds(10)).until(() -> answeredBy("late.example", "/").equals("web"));

            assertThat(roundTrip(socket, "SELECT 2;")).isEqualTo("SELECT 2;");
            remove("late");
            await().atMost(Duration.ofSeconds(10)).until(() -> answeredBy("late.example", "/").equals("status 404"));
            assertThat(roundTrip(socket, "SELECT 3;")).isEqualTo("SELECT 3;");
        }
    }

    @Test
    void the_tcp_services_config_map_opens_its_port() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), cachePort)) {
            socket.setSoTimeout(5000);
            assertThat(roundTrip(socket, "PING\r\n")).isEqualTo("PING\r\n");
        }
    }

    private String answeredBy(String host, String path) {
        return Http.answeredBy(http.get(host, path));
    }

    private Set<String> answers(String host, String path, Map<String, String> headers, int count) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            HttpRequest.Builder request = http.request(host, path);
            headers.forEach(request::header);
            seen.add(Http.answeredBy(http.send(request.GET().build())));
        }
        return seen;
    }

    private HttpResponse<String> withPassword(String user, String password) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(http.request("private.example", "/").header("Authorization", "Basic " + credentials).GET().build());
    }

    private HttpResponse<String> https(String host, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TlsClient.trustAll()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + proxy.httpsAddress().getPort() + path))
                .header("Host", host).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
        InputStream in = socket.getInputStream();
        return new String(in.readNBytes(bytes.length), StandardCharsets.US_ASCII);
    }

    private static void redirectToLogin(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Location", "http://portal.example/login");
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private <T extends AutoCloseable> T upstream(T upstream) {
        upstreams.add(upstream);
        return upstream;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
