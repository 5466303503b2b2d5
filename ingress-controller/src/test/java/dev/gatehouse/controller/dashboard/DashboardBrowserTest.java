package dev.gatehouse.controller.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.testing.GatehouseProcess;
import dev.gatehouse.controller.testing.Manifests;
import dev.gatehouse.dns.testing.BindServer;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.tls.testing.TestCertificates;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.xbill.DNS.Type;

/**
 * The dashboard in a real headless Chromium (Debian's, driven through its chromedriver: nothing is downloaded),
 * against {@code gatehouse run --manifests} in a child JVM serving 1,000 generated hosts, a healthy and a dead
 * endpoint, a TLS host, a rejected rule, a route whose header value and password hash must stay out of the page, and
 * a Gateway with an HTTPRoute it takes and one it refuses,
 * while a client sends traffic, and with DNS sync on ({@code --dns-provider rfc2136}) against a real BIND. Each view's
 * screenshot is saved under target/dashboard-screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    private static final String HEADER_VALUE = "header-secret-value-42";
    private static final String PASSWORD_HASH = "{SHA}ohgYgF2kkgMlRbH1HlEDczlOc+M=";
    private static final int GENERATED_HOSTS = 1000;
    private static final Duration WAIT = Duration.ofSeconds(15);

    /**
     * A Gateway with a route it takes and one from a namespace it does not take routes from; its listener names the
     * proxy's HTTP port (filled in), as a listener port of 1024 or above is served on the port it names.
     */
    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: gatehouse}
            spec: {controllerName: gatehouse.dev/gateway-controller}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: edge, namespace: default}
            spec:
              gatewayClassName: gatehouse
              listeners: [{name: http, port: %d, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: shop, namespace: default}
            spec:
              parentRefs: [{name: edge}]
              hostnames: [gw.edge.test]
              rules: [{backendRefs: [{name: web, port: 80}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: outsider, namespace: elsewhere}
            spec:
              parentRefs: [{name: edge, namespace: default}]
              hostnames: [outsider.edge.test]
              rules: [{backendRefs: [{name: web, port: 80}]}]
            """;

    private Path directory;
    private TestUpstream web;
    private BindServer bind;
    private GatehouseProcess gatehouse;
    private ChromeDriver browser;
    private Thread traffic;
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final AtomicInteger sent = new AtomicInteger();
    private String keyPem;
    private String dashboard;

    @BeforeAll
    void startGatehouseTrafficAndBrowser() throws IOException {
        directory = Files.createTempDirectory("dashboard-browser");
        Path manifests = Files.createDirectories(directory.resolve("manifests"));
        web = TestUpstream.start("web");
        int dead;
        int proxyPort;
        try (ServerSocket closed = new ServerSocket(0); ServerSocket free = new ServerSocket(0)) {
            dead = closed.getLocalPort();
            proxyPort = free.getLocalPort();
        }
        var ca = TestCertificates.ca("Dashboard Test CA");
        var certificate = TestCertificates.issue(ca, TestCertificates.KeyType.EC, Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(10)), "secure.example");
        keyPem = certificate.pkcs8();
        Files.writeString(manifests.resolve("services.yaml"), String.join("---\n",
                checkedService("web", web.port()), checkedService("dead", dead)));
        Files.writeString(manifests.resolve("secrets.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: secure-tls, namespace: default}
                type: kubernetes.io/tls
                data:
                  tls.crt: %s
                  tls.key: %s
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: staff, namespace: default}
                data:
                  auth: %s
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: api-headers, namespace: default}
                data:
                  X-Api-Key: %s
                """.formatted(base64(certificate.certificatePem() + ca.certificatePem()), base64(keyPem),
                base64("bob:" + PASSWORD_HASH + "\n"), HEADER_VALUE));
        Files.writeString(manifests.resolve("ingresses.yaml"), String.join("---\n",
                Manifests.ingress("web", "web.example", "Prefix", "/", "web", 80),
                Manifests.ingress("dead", "dead.example", "Prefix", "/", "dead", 80),
                Manifests.ingress("broken", "broken.example", "Prefix", "foo", "web", 80),
                Manifests.annotatedIngress("staff", "staff.example", "web", 80, """
                        nginx.ingress.kubernetes.io/auth-type: basic
                        nginx.ingress.kubernetes.io/auth-secret: staff
                        gatehouse.dev/request-headers: api-headers
                        """),
                Manifests.ingress("published", "www.edge.test", "Prefix", "/", "web", 80),
                tlsIngress(), manyHosts()));
        Files.writeString(manifests.resolve("gateway.yaml"), GATEWAY.formatted(proxyPort));
        bind = BindServer.start(Files.createDirectories(directory.resolve("bind")), BindServer.Zone.of("edge.test"));
        Path tsigSecret = Files.writeString(directory.resolve("tsig-secret"), bind.secret());
        gatehouse = GatehouseProcess.start(directory, List.of("-Xmx256m"), "run", "--manifests", manifests.toString(),
                "--bind-address", "127.0.0.1", "--http-port", Integer.toString(proxyPort), "--https-port", "0", "--admin-port", "0",
                "--event-loop-threads", "1", "--access-log", "off", "--publish-status-address", "203.0.113.5",
                "--dns-provider", "rfc2136", "--rfc2136-server", "127.0.0.1:" + bind.port(), "--rfc2136-zone", "edge.test",
                "--rfc2136-tsig-name", BindServer.KEY_NAME, "--rfc2136-tsig-secret-file", tsigSecret.toString(),
                "--txt-owner-id", "dashboard", "--domain-filter", "edge.test", "--dns-interval", "10m");
        int httpPort = Integer.parseInt(gatehouse.awaitOutput("serving HTTP on /127\\.0\\.0\\.1:(\\d+)", WAIT));
        int adminPort = Integer.parseInt(gatehouse.awaitOutput("admin port on /127\\.0\\.0\\.1:(\\d+)", WAIT));
        gatehouse.awaitOutput("routing snapshot v1 is live", WAIT);
        dashboard = "http://127.0.0.1:" + adminPort + "/";
        traffic = new Thread(() -> {
            Http http = new Http(httpPort);
            String[] hosts = {"web.example", "web.example", "web.example", "dead.example", "nowhere.example", "host-0007.example"};
            while (sending.get()) {
                try {
                    http.get(hosts[sent.getAndIncrement() % hosts.length], "/");
                } catch (RuntimeException e) {
                    // the proxy stopping at the end: the next loop sees sending turned off
                }
            }
        }, "dashboard-traffic");
        traffic.start();
        browser = startBrowser();
        Files.createDirectories(SCREENSHOTS);
    }

    /** Debian's chromium and chromedriver, named explicitly so that Selenium Manager never looks for (or fetches) one. */
    private static ChromeDriver startBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,1000",
                "--disable-gpu", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() throws InterruptedException {
        sending.set(false);
        if (traffic != null) {
            traffic.join(10_000);
        }
        if (browser != null) {
            browser.quit();
        }
        if (gatehouse != null) {
            gatehouse.close();
        }
        if (web != null) {
            web.close();
        }
        if (bind != null) {
            bind.close();
        }
    }

    @Test
    void theOverviewShowsTheSnapshotSourcesTrafficAndProblemsAndUpdatesWithoutAReload() throws IOException {
        browser.get(dashboard);
        assertThat(browser.getCurrentUrl()).endsWith("/dashboard/");
        ((JavascriptExecutor) browser).executeScript("window.notReloaded = true");

        await().atMost(WAIT).until(() -> number(text("#card-rps b")) > 0);
        assertThat(text("#card-snapshot")).contains("v1", "applied");
        await().atMost(WAIT).until(() -> number(text("#card-warnings b")) > 0);
        assertThat(text("#card-leader")).contains("leader", "standalone");
        assertThat(Integer.parseInt(text("#counts").split(" ")[0])).isGreaterThan(GENERATED_HOSTS);
        assertThat(text("#sources")).contains("manifests", "current");
        assertThat(text("#listeners")).contains("http", "https", "admin");
        screenshot("overview");

        Files.writeString(directory.resolve("manifests").resolve("late.yaml"),
                Manifests.ingress("late", "late.example", "Prefix", "/", "web", 80));

        await().atMost(WAIT).until(() -> text("#card-snapshot").contains("v2"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true")).isEqualTo(true);
    }

    @Test
    void hostsAndRoutesShowEachRoutesOriginActionAndLiveRatesAndTheSearchFiltersAThousandHosts() {
        open("hosts");
        await().atMost(WAIT).until(() -> text("#hosts-shown").matches("\\d+ of \\d+ hosts, \\d+ routes"));
        int all = Integer.parseInt(text("#hosts-shown").split(" ")[0]);
        Object fullRender = browser.executeScript("return Math.round(window.lastRenderMillis)");
        screenshot("hosts");
        assertThat(all).isGreaterThan(GENERATED_HOSTS);

        long started = System.nanoTime();
        search("host-0999.example");
        awaitOnlyHost("host-0999.example");
        long filterMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("dashboard: filtering " + all + " hosts took " + filterMillis + " ms from the first key to the"
                + " result; rendering every host took " + fullRender + " ms");
        assertThat(rows("#routes")).hasSize(1);

        search("web.example");
        awaitOnlyHost("web.example");
        await().atMost(WAIT).until(() -> number(cells("#routes", 0).get(6)) > 0);
        List<String> route = cells("#routes", 0);
        assertThat(route.get(2)).isEqualTo("Prefix /");
        assertThat(route.get(3)).isEqualTo("Ingress default/web");
        assertThat(route.get(4)).isEqualTo("→ default/web:80");
        assertThat(number(route.get(9))).isPositive();

        search("staff.example");
        awaitOnlyHost("staff.example");
        assertThat(cells("#routes", 0).get(5).toLowerCase()).contains("basicauth", "bob", "requestheaders: x-api-key");
        assertNoSecretIn(browser.getPageSource());
        search("");
    }

    @Test
    void hostsShowTheGatewayApiConditionsOfEachGatewayListenerAndRouteWithTheirReasons() {
        open("hosts");
        search("NotAllowedByListeners");
        await().atMost(WAIT).until(() -> rows("#gateway-conditions").size() == 1);

        List<String> refused = cells("#gateway-conditions", 0);
        assertThat(refused.subList(0, 5)).containsExactly("HTTPRoute elsewhere/outsider", "parent default/edge", "Accepted",
                "False", "NotAllowedByListeners");

        search("default/edge");
        await().atMost(WAIT).until(() -> rows("#gateway-conditions").stream()
                .anyMatch(row -> row.get(1).equals("listener http (1 routes)") && row.get(2).equals("Accepted")));
        assertThat(rows("#gateway-conditions")).anySatisfy(row -> assertThat(row.subList(0, 5)).containsExactly(
                "HTTPRoute default/shop", "parent default/edge", "Accepted", "True", "Accepted"));
        screenshot("gateway-conditions");
        search("");
    }

    @Test
    void clustersShowTheDeadEndpointFailingItsCheckInPanicAndTheHealthyOnePassing() {
        open("clusters");
        search("default/dead");
        await().atMost(WAIT).until(() -> !rows("#endpoints").isEmpty() && cells("#endpoints", 0).get(2).startsWith("unhealthy"));
        List<String> dead = cells("#endpoints", 0);
        assertThat(dead.get(0)).contains("default/dead:80", "panic");
        assertThat(dead.get(3)).contains("ago").doesNotContain("status 200");
        assertThat(text("#panic")).contains("default/dead:80");
        screenshot("clusters");

        search("default/web");
        await().atMost(WAIT).until(() -> !rows("#endpoints").isEmpty() && cells("#endpoints", 0).get(3).startsWith("status 200"));
        List<String> healthy = cells("#endpoints", 0);
        assertThat(healthy.get(2)).isEqualTo("healthy");
        assertThat(healthy.get(4)).isEqualTo("1");
        await().atMost(WAIT).until(() -> number(cells("#endpoints", 0).get(6)) > 0 && !cells("#endpoints", 0).get(8).equals("–"));
        search("");
    }

    @Test
    void certificatesShowTheSecretIssuerNamesAndDaysLeftWithTheWarningBelowTwentyOneDays() {
        open("certificates");
        await().atMost(WAIT).until(() -> !rows("#certificates").isEmpty());
        List<String> secure = cells("#certificates", 0);

        assertThat(secure.get(0)).isEqualTo("secure.example");
        assertThat(secure.get(1)).isEqualTo("default/secure-tls");
        assertThat(secure.get(2)).isEqualTo("Dashboard Test CA");
        assertThat(secure.get(3)).isEqualTo("secure.example");
        assertThat(secure.get(5)).isIn("9", "10");
        assertThat(browser.executeScript("return document.querySelector('#certificates tbody td:nth-child(6) span').className"))
                .isEqualTo("warn");
        assertThat(secure.get(6)).isEqualTo("not ordered by Gatehouse");
        assertNoSecretIn(browser.getPageSource());
        screenshot("certificates");
    }

    @Test
    void problemsShowTheRejectedRuleWithItsObjectAndEventMessage() {
        open("problems");
        await().atMost(WAIT).until(() -> !rows("#problems").isEmpty());

        String problems = text("#problems");
        assertThat(problems).contains("Ingress default/broken", "InvalidPath", "\"foo\"");
        assertThat(text("#problem-count")).isNotEmpty();
        screenshot("problems");
    }

    @Test
    void syncShowsTheDnsRunAndItsPlanTableOnceTheRecordIsInBind() throws IOException {
        await().atMost(WAIT).untilAsserted(() -> assertThat(bind.values("www.edge.test", Type.A)).containsExactly("203.0.113.5"));
        // standalone, an HTTPRoute the Gateway took is published at the publish address, and one it refused is not
        assertThat(bind.values("gw.edge.test", Type.A)).containsExactly("203.0.113.5");
        assertThat(bind.values("outsider.edge.test", Type.A)).isEmpty();
        open("sync");
        await().atMost(WAIT).until(() -> text("#dns-state").startsWith("DNS sync: last run"));

        assertThat(text("#dns-state")).doesNotContain("failed");
        assertThat(browser.findElements(By.cssSelector("#dns-plan th")).stream().map(th -> th.getText().strip()).toList())
                .containsExactly("Zone", "Change", "Record", "Targets", "For", "Reason");
        // the plan shown is the last one that changed something (the creates), even after runs that found nothing to do
        assertThat(text("#dns-plan-at")).startsWith("The last changes, planned");
        assertThat(rows("#dns-plan")).contains(List.of("edge.test", "create", "www.edge.test A", "203.0.113.5",
                "ingress/default/published", "")).allMatch(row -> row.get(1).equals("create") || row.get(2).endsWith(" TXT"));
        assertThat(browser.findElements(By.id("no-sync"))).isEmpty();
        screenshot("sync");
    }

    @Test
    void everyTableSortsByAClickedColumn() {
        open("clusters");
        await().atMost(WAIT).until(() -> rows("#endpoints").size() >= 2);
        // a real click; a render between finding the header and clicking it makes the handle stale, and it is found again
        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> {
            browser.findElements(By.cssSelector("#endpoints th")).get(2).click();
            return true;
        });
        await().atMost(WAIT).until(() -> "asc".equals(browser.executeScript("return document.querySelectorAll('#endpoints th')[2].dataset.dir")));
        List<String> ascending = rows("#endpoints").stream().map(row -> row.get(2)).toList();

        assertThat(ascending).isSortedAccordingTo(String::compareTo);
        assertThat(ascending).anyMatch(state -> state.startsWith("healthy")).anyMatch(state -> state.startsWith("unhealthy"));
    }

    /** Loads the page afresh on a view, so no search or sort of an earlier test carries over. */
    private void open(String view) {
        browser.get("about:blank");
        browser.get(dashboard + "dashboard/#" + view);
        await().atMost(WAIT).until(() -> browser.findElement(By.id("view-" + view)).isDisplayed());
    }

    private void search(String query) {
        WebElement box = browser.findElement(By.id("search"));
        box.clear();
        if (!query.isEmpty()) {
            box.sendKeys(query);
        } else {
            ((JavascriptExecutor) browser).executeScript(
                    "arguments[0].dispatchEvent(new Event('input'))", box);
        }
    }

    // the page re-renders every two seconds: each read goes through one script, never through element handles that
    // the next render makes stale

    /** Waits until the search's result is shown: one host, this one (the page renders a moment after typing stops). */
    private void awaitOnlyHost(String host) {
        await().atMost(WAIT).until(() -> {
            List<String> first = cells("#routes", 0);
            return text("#hosts-shown").startsWith("1 of ") && !first.isEmpty() && first.get(0).equals(host);
        });
    }

    private String text(String css) {
        Object text = browser.executeScript("const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css);
        return String.valueOf(text).strip();
    }

    private List<List<String>> rows(String table) {
        @SuppressWarnings("unchecked")
        List<List<String>> rows = (List<List<String>>) browser.executeScript(
                "return [...document.querySelectorAll(arguments[0] + ' tbody tr:not(.host)')]"
                        + ".map(row => [...row.cells].map(cell => cell.innerText.trim()))", table);
        return rows;
    }

    private List<String> cells(String table, int row) {
        List<List<String>> rows = rows(table);
        return rows.size() > row ? rows.get(row) : List.of();
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text.replace("%", "").trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void assertNoSecretIn(String page) {
        assertThat(page).doesNotContain(HEADER_VALUE, PASSWORD_HASH, "ohgYgF2kkgMlRbH1", "PRIVATE KEY", "sha256:",
                keyPem.lines().skip(1).findFirst().orElseThrow());
    }

    private void screenshot(String view) {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(view + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Service of one endpoint on loopback whose health Gatehouse checks actively, every 200 ms. */
    private static String checkedService(String name, int port) {
        return Manifests.service(name, 80, "127.0.0.1", port).replaceFirst("  namespace: default\n", """
                  namespace: default
                  annotations:
                    gatehouse.dev/health-check-path: /healthz
                    gatehouse.dev/health-check-interval: 200ms
                    gatehouse.dev/health-check-healthy-threshold: "1"
                    gatehouse.dev/health-check-unhealthy-threshold: "1"
                """);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String tlsIngress() {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: secure, namespace: default}
                spec:
                  ingressClassName: gatehouse
                  tls:
                  - hosts: [secure.example]
                    secretName: secure-tls
                  rules:
                  - host: secure.example
                    http:
                      paths:
                      - {pathType: Prefix, path: /, backend: {service: {name: web, port: {number: 80}}}}
                """;
    }

    /** One Ingress with a rule for each of 1,000 generated hosts. */
    private static String manyHosts() {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: many, namespace: default}
                spec:
                  ingressClassName: gatehouse
                  rules:
                """ + IntStream.range(0, GENERATED_HOSTS).mapToObj(i -> """
                  - host: host-%04d.example
                    http:
                      paths:
                      - {pathType: Prefix, path: /, backend: {service: {name: web, port: {number: 80}}}}
                """.formatted(i)).collect(Collectors.joining());
    }
}
