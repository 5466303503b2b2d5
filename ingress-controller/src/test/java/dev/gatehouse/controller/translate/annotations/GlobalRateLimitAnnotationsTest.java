package dev.gatehouse.controller.translate.annotations;

import static dev.gatehouse.controller.testing.Manifests.ingress;
import static dev.gatehouse.controller.testing.Manifests.service;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.GlobalRateLimit;
import dev.gatehouse.routing.RequestTemplate;
import dev.gatehouse.routing.RouteAction;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ingress-nginx's global-rate-limit annotations and the memcached keys of the global ConfigMap. */
class GlobalRateLimitAnnotationsTest {

    private static final String MEMCACHED = "global-rate-limit-memcached-host: \"memcached.ingress.svc\"\n";
    private static final String UID = "9f1c2d3e-4b5a-6789-abcd-ef0123456789";

    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults().withConfig("gatehouse/config"));

    @Test
    void theAnnotationsBecomeOneLimitPerIngressCountedUnderItsUidInTheConfigmapsMemcached() {
        Translation translation = translate(MEMCACHED + """
                global-rate-limit-memcached-port: "11311"
                global-rate-limit-memcached-connect-timeout: "100"
                global-rate-limit-memcached-max-idle-timeout: "5000"
                global-rate-limit-memcached-pool-size: "20"
                global-rate-limit-status-code: "503"
                """, """
                nginx.ingress.kubernetes.io/global-rate-limit: "100"
                nginx.ingress.kubernetes.io/global-rate-limit-window: "1h30m"
                nginx.ingress.kubernetes.io/global-rate-limit-key: "${remote_addr}-${http_x_api_client}"
                nginx.ingress.kubernetes.io/global-rate-limit-ignored-cidrs: "10.0.0.0/8, 192.168.1.7"
                """);

        assertThat(translation.warnings()).isEmpty();
        assertThat(limit(translation)).isEqualTo(new GlobalRateLimit("9f1c2d3e4b5a6789abcdef0123456789", 100, Duration.ofMinutes(90),
                new RequestTemplate("${remote_addr}-${http_x_api_client}"), List.of("10.0.0.0/8", "192.168.1.7"), 503,
                new GlobalRateLimit.Memcached("memcached.ingress.svc", 11311, Duration.ofMillis(100), Duration.ofSeconds(5), 20)));
    }

    @Test
    void ingressNginxsDefaultsApplyToWhatIsNotSet() {
        GlobalRateLimit limit = limit(translate(MEMCACHED, """
                nginx.ingress.kubernetes.io/global-rate-limit: "5"
                nginx.ingress.kubernetes.io/global-rate-limit-window: "1.5s"
                """));

        assertThat(limit.key()).isEqualTo(new RequestTemplate("$remote_addr"));
        assertThat(limit.window()).isEqualTo(Duration.ofSeconds(1));
        assertThat(limit.status()).isEqualTo(429);
        assertThat(limit.ignoredCidrs()).isEmpty();
        assertThat(limit.memcached()).isEqualTo(new GlobalRateLimit.Memcached("memcached.ingress.svc", 11211, Duration.ofMillis(50),
                Duration.ofSeconds(10), 50));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            global-rate-limit: "0"        | global-rate-limit-window: "1m"
            global-rate-limit: "10"       | global-rate-limit-window: "500ms"
            """)
    void aZeroLimitOrAWindowShorterThanASecondSetsNoLimit(String limit, String window) {
        Translation translation = translate(MEMCACHED, "nginx.ingress.kubernetes.io/" + limit + "\nnginx.ingress.kubernetes.io/" + window + "\n");

        assertThat(forward(translation).filters().globalRateLimit()).isNull();
        assertThat(forward(translation).filters().basicAuth()).isNull();
    }

    @Test
    void withoutMemcachedOrWithoutAWindowTheIngressIsServedWithoutAGlobalLimitAndTold() {
        Translation noMemcached = translate("", """
                nginx.ingress.kubernetes.io/global-rate-limit: "10"
                nginx.ingress.kubernetes.io/global-rate-limit-window: "1m"
                """);
        Translation noWindow = translate(MEMCACHED, "nginx.ingress.kubernetes.io/global-rate-limit: \"10\"\n");

        assertThat(forward(noMemcached).filters().globalRateLimit()).isNull();
        assertThat(noMemcached.warnings()).extracting(Warning::message).containsExactly("ingress default/annotated: annotation "
                + "nginx.ingress.kubernetes.io/global-rate-limit needs global-rate-limit-memcached-host in the global ConfigMap "
                + "(--config), where the replicas share their counts; the Ingress is served without a global limit, as ingress-nginx "
                + "serves it");
        assertThat(forward(noWindow).filters().globalRateLimit()).isNull();
        assertThat(noWindow.warnings()).extracting(Warning::message).containsExactly("ingress default/annotated: annotation "
                + "nginx.ingress.kubernetes.io/global-rate-limit: \"10\" is set without global-rate-limit-window, which ingress-nginx "
                + "needs too; the Ingress is served without a global limit");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            global-rate-limit        | ten | 1m  | is not a number of requests (expected a whole number such as 100, 0 for no limit); every request outside global-rate-limit-ignored-cidrs is answered 503 until it is fixed
            global-rate-limit-window | 10  | 1mo | is not a duration (expected a Go duration of at least 1s, such as 1m or 1h30m); every request outside global-rate-limit-ignored-cidrs is answered 503 until it is fixed, as ingress-nginx denies the location
            """)
    void anUnreadableLimitOrWindowRefusesEveryRequestWith503NamingTheKeyAndValue(String key, String limit, String window, String problem) {
        Translation translation = translate(MEMCACHED, "nginx.ingress.kubernetes.io/global-rate-limit: \"" + limit + "\"\n"
                + "nginx.ingress.kubernetes.io/global-rate-limit-window: \"" + window + "\"\n");
        String value = key.equals("global-rate-limit") ? limit : window;

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("ingress default/annotated: annotation "
                + "nginx.ingress.kubernetes.io/" + key + ": \"" + value + "\" " + problem);
        assertThat(limit(translation).limit()).isZero();
        assertThat(limit(translation).status()).isEqualTo(503);
    }

    @Test
    void anUnreadableKeyCountsByTheClientAddressAndUnreadableIgnoredCidrsExemptNobody() {
        Translation translation = translate(MEMCACHED, """
                nginx.ingress.kubernetes.io/global-rate-limit: "10"
                nginx.ingress.kubernetes.io/global-rate-limit-window: "1m"
                nginx.ingress.kubernetes.io/global-rate-limit-key: "$binary_remote_addr"
                nginx.ingress.kubernetes.io/global-rate-limit-ignored-cidrs: "10.0.0.0/8, office"
                """);

        assertThat(limit(translation).key()).isEqualTo(GlobalRateLimit.DEFAULT_KEY);
        assertThat(limit(translation).ignoredCidrs()).isEmpty();
        assertThat(translation.warnings()).extracting(Warning::message).anySatisfy(message -> assertThat(message)
                .startsWith("ingress default/annotated: annotation nginx.ingress.kubernetes.io/global-rate-limit-key: "
                        + "\"$binary_remote_addr\" cannot be used: $binary_remote_addr is not a variable Gatehouse fills in")
                .endsWith("; requests are counted by $remote_addr until it is fixed"));
        assertThat(translation.warnings()).extracting(Warning::message).anySatisfy(message -> assertThat(message)
                .contains("global-rate-limit-ignored-cidrs", "\"office\"", "no client is exempt from the global limit"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            global-rate-limit-memcached-host            | memcached host | is not a host name or address (expected e.g. memcached.ingress.svc.cluster.local); no global rate limit applies until it is fixed
            global-rate-limit-memcached-port            | 70000 | is not a port (expected 1 to 65535); using 11211
            global-rate-limit-memcached-connect-timeout | 0     | is not a count (expected a whole number of 1 or more); using the default
            global-rate-limit-status-code               | 200   | is not an error status (expected 400 to 599, e.g. 429); using 429
            """)
    void anUnusableMemcachedKeyIsReportedOnTheConfigmap(String key, String value, String problem) {
        String data = key.equals("global-rate-limit-memcached-host") ? "" : MEMCACHED;
        Translation translation = translate(data + key + ": \"" + value + "\"\n", "");

        assertThat(translation.warnings()).extracting(Warning::message)
                .containsExactly("configmap gatehouse/config: data " + key + ": \"" + value + "\" " + problem);
    }

    @Test
    void theConfigmapsMemcachedKeysNoLongerRefuseEveryIngress() {
        Translation translation = translate(MEMCACHED + "global-rate-limit-status-code: \"429\"\n", "");

        assertThat(translation.warnings()).isEmpty();
        assertThat(forward(translation).filters().basicAuth()).isNull();
    }

    @Test
    void anIngressWithoutUidCountsUnderAHashOfItsName() {
        String annotated = ingress("annotated", "annotated.example", "Prefix", "/", "web", 80).replaceFirst("metadata:\n  name: annotated\n",
                "metadata:\n  name: annotated\n  annotations:\n    nginx.ingress.kubernetes.io/global-rate-limit: \"3\"\n"
                        + "    nginx.ingress.kubernetes.io/global-rate-limit-window: \"1m\"\n");
        Translation translation = translator.translate(view(service("web", 80, "10.0.0.1", 8080), annotated, configMap(MEMCACHED)));

        assertThat(limit(translation).namespace()).matches("[0-9a-f]{32}");
    }

    private Translation translate(String data, String annotations) {
        String annotated = ingress("annotated", "annotated.example", "Prefix", "/", "web", 80);
        String metadata = "metadata:\n  name: annotated\n  uid: " + UID + "\n";
        if (!annotations.isEmpty()) {
            metadata += "  annotations:\n" + annotations.indent(4);
        }
        annotated = annotated.replaceFirst("metadata:\n  name: annotated\n", java.util.regex.Matcher.quoteReplacement(metadata));
        return translator.translate(view(service("web", 80, "10.0.0.1", 8080), annotated, configMap(data)));
    }

    private static String configMap(String data) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: config
                  namespace: gatehouse
                data:
                """ + data.indent(2);
    }

    private static RouteAction.Forward forward(Translation translation) {
        return (RouteAction.Forward) translation.snapshot().router().find("annotated.example", "/").action();
    }

    private static GlobalRateLimit limit(Translation translation) {
        GlobalRateLimit limit = forward(translation).filters().globalRateLimit();
        assertThat(limit).isNotNull();
        return limit;
    }
}
