package dev.gatehouse.controller.translate.annotations;

import static dev.gatehouse.controller.testing.Manifests.ingress;
import static dev.gatehouse.controller.testing.Manifests.service;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.Buffering;
import dev.gatehouse.routing.Compression;
import dev.gatehouse.routing.ProxyTuning;
import dev.gatehouse.routing.ResponseRate;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.Tracing;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The global ConfigMap ({@code --config}): defaults under ingress-nginx's key names, below annotations. */
class GlobalConfigTest {

    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults().withConfig("gatehouse/config"));

    @Test
    void the_configmap_sets_the_defaults_of_ingresses_that_set_nothing_and_an_annotation_wins_over_it() {
        Translation translation = translate("""
                proxy-connect-timeout: "2"
                proxy-read-timeout: "90"
                proxy-send-timeout: "45s"
                proxy-next-upstream-tries: "4"
                proxy-body-size: "2m"
                whitelist-source-range: "10.0.0.0/8"
                denylist-source-range: "10.9.0.0/16"
                disable-access-log: "true"
                """, "nginx.ingress.kubernetes.io/proxy-body-size: \"16m\"\n");

        assertThat(translation.warnings()).isEmpty();
        RouteAction.Forward plain = forward(translation.snapshot(), "plain.example");
        assertThat(plain.policy().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(plain.policy().readTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(plain.policy().sendTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(plain.policy().maxAttempts()).isEqualTo(4);
        assertThat(plain.policy().maxBodyBytes()).isEqualTo(2L * 1024 * 1024);
        assertThat(plain.filters().allowedSources()).containsExactly("10.0.0.0/8");
        assertThat(plain.filters().deniedSources()).containsExactly("10.9.0.0/16");
        assertThat(plain.filters().accessLog()).isFalse();
        RouteAction.Forward annotated = forward(translation.snapshot(), "annotated.example");
        assertThat(annotated.policy().maxBodyBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(annotated.policy().readTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void an_ingress_allow_list_replaces_the_global_one() {
        Translation translation = translate("whitelist-source-range: \"10.0.0.0/8\"\n",
                "nginx.ingress.kubernetes.io/allowlist-source-range: \"192.168.0.0/16\"\n");

        assertThat(forward(translation.snapshot(), "annotated.example").filters().allowedSources()).containsExactly("192.168.0.0/16");
    }

    @Test
    void hsts_keys_replace_the_command_lines_header_and_hsts_false_sends_none() {
        assertThat(GlobalConfig.read(configView("hsts-max-age: \"600\"\nhsts-preload: \"true\"\n"), "gatehouse/config", new java.util.ArrayList<>())
                .hsts()).isEqualTo("max-age=600; includeSubDomains; preload");
        assertThat(GlobalConfig.read(configView("hsts: \"false\"\n"), "gatehouse/config", new java.util.ArrayList<>()).hsts()).isEmpty();
        assertThat(GlobalConfig.read(configView("keep-alive: \"30\"\n"), "gatehouse/config", new java.util.ArrayList<>()).hsts()).isNull();
    }

    @Test
    void ssl_redirect_false_in_the_configmap_turns_the_redirect_off_unless_an_ingress_asks_for_it() {
        String tls = """
                tls:
                  - hosts: [plain.example]
                    secretName: missing
                """;
        Translation translation = translator.translate(view(service("web", 80, "10.0.0.1", 8080),
                ingress("plain", "plain.example", "Prefix", "/", "web", 80).replace("spec:\n", "spec:\n" + tls.indent(2)),
                configMap("ssl-redirect: \"false\"\n")));

        assertThat(forward(translation.snapshot(), "plain.example").policy().redirectToHttps()).isFalse();
    }

    @Test
    void proxy_settings_of_the_configmap_become_the_snapshots_tuning() {
        Translation translation = translate("""
                keep-alive: "30"
                client-header-timeout: "10"
                client-body-timeout: "20"
                use-proxy-protocol: "true"
                use-forwarded-headers: "true"
                proxy-real-ip-cidr: "10.0.0.0/8, 192.168.0.1"
                compute-full-forwarded-for: "true"
                upstream-keepalive-connections: "0"
                upstream-keepalive-timeout: "30"
                upstream-keepalive-requests: "100"
                """, "");

        assertThat(translation.warnings()).isEmpty();
        assertThat(translation.snapshot().tuning()).contains(new ProxyTuning(Duration.ofSeconds(30), Duration.ofSeconds(10), true,
                List.of("10.0.0.0/8", "192.168.0.1"), 0, Duration.ofSeconds(30), 100, Tracing.DEFAULT, 0.01, Compression.OFF,
                Duration.ofSeconds(20)));
        assertThat(translate("use-forwarded-headers: \"true\"\n", "").snapshot().tuning().orElseThrow().trustedProxies()).containsExactly("0.0.0.0/0", "::/0");
        assertThat(translate("use-forwarded-headers: \"false\"\n", "").snapshot().tuning()).contains(ProxyTuning.DEFAULTS);
    }

    @Test
    void the_compression_keys_of_the_configmap_become_the_snapshots_compression() {
        Translation translation = translate("""
                use-gzip: "true"
                gzip-level: "6"
                gzip-min-length: "1000"
                gzip-types: "application/json  text/CSS"
                gzip-disable: "msie6"
                enable-brotli: "true"
                brotli-level: "7"
                brotli-min-length: "50"
                brotli-types: "*"
                """, "");

        assertThat(translation.warnings()).isEmpty();
        Compression compression = translation.snapshot().tuning().orElseThrow().compression();
        assertThat(compression.gzip()).isEqualTo(new Compression.Codec(true, 6, 1000, List.of("application/json", "text/css")));
        assertThat(compression.brotli()).isEqualTo(new Compression.Codec(true, 7, 50, List.of("*")));
        assertThat(compression.gzipDisable().matcher("Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)").find()).isTrue();
        assertThat(compression.gzipDisable().matcher("Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0").find()).isFalse();
    }

    @Test
    void use_gzip_alone_compresses_with_ingress_nginxs_defaults_and_no_compression_key_compresses_nothing() {
        Compression gzip = translate("use-gzip: \"true\"\n", "").snapshot().tuning().orElseThrow().compression();

        assertThat(gzip.gzip()).isEqualTo(new Compression.Codec(true, 1, 256, Compression.GZIP_TYPES));
        assertThat(gzip.brotli()).isEqualTo(new Compression.Codec(false, 4, 20, Compression.BROTLI_TYPES));
        assertThat(gzip.gzipDisable()).isNull();
        assertThat(translate("keep-alive: \"30\"\n", "").snapshot().tuning().orElseThrow().compression()).isEqualTo(Compression.OFF);
    }

    @Test
    void a_gzip_disable_only_pcre_understands_is_reported_and_gzip_goes_to_every_client_that_accepts_it() {
        Translation translation = translate("use-gzip: \"true\"\ngzip-disable: 'MSIE [1-6]\\.(?!.*SV1)'\n", "");

        assertThat(translation.warnings()).extracting(Warning::message).singleElement().satisfies(message -> assertThat(message)
                .startsWith("configmap gatehouse/config: data gzip-disable: \"MSIE [1-6]\\.(?!.*SV1)\" is not a regular expression")
                .endsWith("every client that accepts gzip gets it"));
        Compression compression = translation.snapshot().tuning().orElseThrow().compression();
        assertThat(compression.gzip().enabled()).isTrue();
        assertThat(compression.gzipDisable()).isNull();
    }

    @Test
    void the_command_lines_proxy_settings_stand_where_the_configmap_names_none() {
        ProxyTuning commandLine = ProxyTuning.DEFAULTS.withProxyProtocol(true).withTrustedProxies(List.of("10.0.0.0/8"));
        IngressTranslator withFlags = new IngressTranslator(TranslatorSettings.defaults().withConfig("gatehouse/config")
                .withTuning(commandLine));

        Translation translation = withFlags.translate(configView("keep-alive: \"30\"\n"));

        assertThat(translation.snapshot().tuning()).contains(new ProxyTuning(Duration.ofSeconds(30), Duration.ofSeconds(60), true,
                List.of("10.0.0.0/8"), 320, Duration.ofSeconds(60), 10_000, Tracing.DEFAULT, 0.01));
    }

    @Test
    void without_the_configmap_every_default_is_the_built_in_one_and_its_absence_is_reported() {
        Translation translation = translator.translate(view(service("web", 80, "10.0.0.1", 8080),
                ingress("plain", "plain.example", "Prefix", "/", "web", 80)));

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("configmap gatehouse/config (--config) is "
                + "not found; the built-in defaults apply (expected a ConfigMap of global defaults)");
        assertThat(translation.snapshot().tuning()).contains(ProxyTuning.DEFAULTS);
        assertThat(forward(translation.snapshot(), "plain.example").policy().maxBodyBytes()).isZero();
    }

    @Test
    void snippets_are_refused_and_keys_gatehouse_does_not_read_are_reported_while_the_others_apply() {
        Translation translation = translate("""
                http-snippet: "lua_shared_dict x 1m;"
                allow-snippet-annotations: "true"
                ssl-ciphers: "ALL"
                worker-processes: "4"
                proxy-body-size: "3k"
                """, "");

        assertThat(translation.warnings()).extracting(Warning::reason).containsExactly(Warning.REFUSED_CONFIG, Warning.REFUSED_CONFIG,
                Warning.UNSUPPORTED_CONFIG);
        assertThat(translation.warnings()).extracting(Warning::message).containsExactly(
                "configmap gatehouse/config: data allow-snippet-annotations is refused: it injects proxy configuration text, and "
                        + "Gatehouse has no configuration text to inject into; the other keys apply",
                "configmap gatehouse/config: data http-snippet is refused: it injects proxy configuration text, and Gatehouse has "
                        + "no configuration text to inject into; the other keys apply",
                "configmap gatehouse/config: data ssl-ciphers is not read by this version of Gatehouse and has no effect "
                        + "(docs/annotations.md lists the keys it reads)");
        assertThat(forward(translation.snapshot(), "plain.example").policy().maxBodyBytes()).isEqualTo(3072);
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            proxy-read-timeout      | soon  | is not a number of seconds (expected a positive integer such as 60, or a duration such as 500ms); using the default
            proxy-next-upstream-tries | many | is not a count (expected an integer such as 3, 0 for the default)
            proxy-body-size         | 2 MB  | is not a size (expected bytes or a number with k, m or g, e.g. 8m; 0 for no limit); using the default
            ssl-redirect            | yes   | is not a boolean (expected "true" or "false"); using true
            hsts-max-age            | 1y    | is not a number of seconds (expected an integer such as 31536000); using 31536000
            limit-req-status-code   | 200   | is not an error status (expected 400 to 599, e.g. 429); using 503
            load-balance            | chash | is not a load-balancing method (expected round_robin or ewma); using round_robin
            keep-alive              | 0     | is not a number of seconds (expected a positive integer such as 60, or a duration such as 500ms); using the default
            use-proxy-protocol      | on    | is not a boolean (expected "true" or "false"); using false
            whitelist-source-range  | 10.0.0.0/33 | holds "10.0.0.0/33" has prefix length "33" (expected 0 to 32); no client is allowed until it is fixed
            compute-full-forwarded-for | sure | is not a boolean (expected "true" or "false"); Gatehouse always appends to a trusted chain
            upstream-keepalive-requests | 0  | is not a count (expected a whole number of 1 or more); using the default
            upstream-keepalive-connections | -1 | is not a count (expected a whole number of 0 or more); using the default
            use-gzip                | yes   | is not a boolean (expected "true" or "false"); using false
            gzip-level              | 10    | is not a compression level (expected 1 to 9); using 1
            brotli-level            | high  | is not a compression level (expected 0 to 11); using 4
            gzip-min-length         | 1k    | is not a length in bytes (expected a whole number such as 256); using 256
            brotli-types            | text/css image/ | is not a list of MIME types (expected types such as "text/css application/json", or *); using ingress-nginx's default list
            proxy-request-buffering | yes   | is not on or off (expected "on" or "off"); using on
            client-body-buffer-size | 0     | is not a buffer size (expected a size above 0 and at most 2147483647 bytes, such as 16k); using 8192
            proxy-buffer-size       | 4g    | is not a buffer size (expected a size above 0 and at most 2147483647 bytes, such as 16k); using 4096
            """)
    void an_unusable_value_is_reported_with_the_key_the_value_and_what_was_expected(String key, String value, String problem) {
        Translation translation = translate(key + ": \"" + value + "\"\n", "");

        assertThat(translation.warnings()).extracting(Warning::reason).containsExactly(Warning.INVALID_CONFIG);
        assertThat(translation.warnings()).extracting(Warning::message)
                .containsExactly("configmap gatehouse/config: data " + key + ": \"" + value + "\" " + problem);
        assertThat(translation.snapshot().router().find("plain.example", "/").action()).isInstanceOf(RouteAction.Forward.class);
    }

    @Test
    void buffering_keys_of_an_annotation_win_one_by_one_over_the_configmaps_which_win_over_gatehouses_defaults() {
        Translation translation = translate("""
                proxy-request-buffering: "off"
                client-body-buffer-size: "64k"
                proxy-buffering: "on"
                proxy-buffers-number: "8"
                proxy-max-temp-file-size: "64m"
                """, """
                nginx.ingress.kubernetes.io/proxy-request-buffering: "on"
                nginx.ingress.kubernetes.io/proxy-buffer-size: "16k"
                nginx.ingress.kubernetes.io/proxy-max-temp-file-size: "0"
                """);

        assertThat(translation.warnings()).isEmpty();
        assertThat(forward(translation.snapshot(), "plain.example").policy().buffering())
                .isEqualTo(new Buffering(false, 64 * 1024, true, 8 * 4 * 1024, 64 * 1024 * 1024));
        assertThat(forward(translation.snapshot(), "annotated.example").policy().buffering())
                .isEqualTo(new Buffering(true, 64 * 1024, true, 8 * 16 * 1024, 0));
    }

    @Test
    void without_buffering_keys_request_bodies_are_buffered_and_answers_streamed_with_ingress_nginxs_sizes() {
        Translation translation = translate("proxy-body-size: \"3k\"\n", "");

        assertThat(forward(translation.snapshot(), "plain.example").policy().buffering())
                .isEqualTo(new Buffering(true, 8 * 1024, false, 4 * 4 * 1024, 1024L * 1024 * 1024)).isEqualTo(Buffering.DEFAULT);
    }

    @Test
    void global_access_control_gatehouse_does_not_read_answers_every_ingress_503_rather_than_serving_it_open() {
        Translation translation = translate("global-auth-url: \"http://auth.internal/check\"\n", "");

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("configmap gatehouse/config: data "
                + "global-auth-url is access control this version of Gatehouse does not read; every Ingress is answered 503 until it "
                + "is removed, rather than served without it");
        assertThat(forward(translation.snapshot(), "plain.example").filters().basicAuth().users()).isEmpty();
        assertThat(forward(translation.snapshot(), "annotated.example").filters().basicAuth().users()).isEmpty();
    }

    @Test
    void global_auth_always_set_cookie_alone_concerns_only_global_auth_url_and_closes_no_ingress() {
        Translation translation = translate("global-auth-always-set-cookie: \"true\"\n", "");

        assertThat(forward(translation.snapshot(), "plain.example").filters().basicAuth()).isNull();
        assertThat(translation.warnings()).extracting(Warning::reason).containsExactly(Warning.UNSUPPORTED_CONFIG);
        assertThat(ConfigMapCatalog.find("global-auth-always-set-cookie").restricts()).isFalse();
    }

    @Test
    void the_configmaps_limit_rate_and_limit_rate_after_are_the_default_response_rate_in_kilobytes() {
        Translation translation = translate("limit-rate: \"64\"\nlimit-rate-after: \"128\"\n", "");

        assertThat(translation.warnings()).isEmpty();
        assertThat(forward(translation.snapshot(), "plain.example").policy().responseRate())
                .isEqualTo(new ResponseRate(64 * 1024, 128 * 1024));
    }

    @Test
    void forwarded_headers_believed_from_everyone_are_reported_and_an_unreadable_peer_list_believes_nobody() {
        Translation open = translate("use-forwarded-headers: \"true\"\n", "");
        Translation unreadable = translate("use-forwarded-headers: \"true\"\nproxy-real-ip-cidr: \"10.0.0.0/8, lb\"\n", "");

        assertThat(open.warnings()).extracting(Warning::reason).containsExactly(Warning.INSECURE_CONFIG);
        assertThat(unreadable.snapshot().tuning().orElseThrow().trustedProxies()).isEmpty();
        assertThat(unreadable.warnings()).extracting(Warning::message).containsExactly("configmap gatehouse/config: data "
                + "proxy-real-ip-cidr: \"10.0.0.0/8, lb\" holds \"lb\" is not an IP address or CIDR block (expected e.g. "
                + "10.0.0.0/8, 192.168.1.7 or 2001:db8::/32); no forwarded header is believed until it is fixed");
    }

    @Test
    void a_duration_too_long_for_the_proxy_is_refused_rather_than_overflowing() {
        Translation translation = translate("proxy-read-timeout: \"99999999999999999999s\"\nkeep-alive: \"9999999h\"\n", "");

        assertThat(translation.warnings()).extracting(Warning::reason).containsExactly(Warning.INVALID_CONFIG, Warning.INVALID_CONFIG);
        assertThat(translation.snapshot().tuning()).contains(ProxyTuning.DEFAULTS);
        assertThat(forward(translation.snapshot(), "plain.example").policy().readTimeout()).isNull();
    }

    @Test
    void an_unreadable_global_allow_list_lets_nobody_in_rather_than_everyone() {
        Translation translation = translate("whitelist-source-range: \"nonsense\"\n", "");

        assertThat(forward(translation.snapshot(), "plain.example").filters().allowedSources()).containsExactly("0.0.0.0/32");
    }

    @Test
    void the_configmaps_opentelemetry_keys_set_every_ingresss_tracing_and_the_snapshots_and_an_annotation_overrides_them() {
        Translation translation = translate("""
                enable-opentelemetry: "false"
                opentelemetry-trust-incoming-span: "false"
                otel-sampler: "TraceIdRatioBased"
                otel-sampler-ratio: "0.25"
                """, "nginx.ingress.kubernetes.io/enable-opentelemetry: \"true\"\n");

        assertThat(translation.warnings()).isEmpty();
        assertThat(forward(translation.snapshot(), "plain.example").filters().tracing()).isEqualTo(new Tracing(false, false));
        assertThat(forward(translation.snapshot(), "annotated.example").filters().tracing()).isEqualTo(new Tracing(true, false));
        ProxyTuning tuning = translation.snapshot().tuning().orElseThrow();
        assertThat(tuning.tracing()).isEqualTo(new Tracing(false, false));
        assertThat(tuning.traceSampleRatio()).isEqualTo(0.25);
    }

    @Test
    void otel_sampler_always_on_and_always_off_sample_everything_and_nothing() {
        assertThat(translate("otel-sampler: \"AlwaysOn\"\notel-sampler-ratio: \"0.25\"\n", "").snapshot().tuning().orElseThrow()
                .traceSampleRatio()).isEqualTo(1.0);
        assertThat(translate("otel-sampler: \"AlwaysOff\"\n", "").snapshot().tuning().orElseThrow().traceSampleRatio()).isZero();
    }

    @Test
    void without_opentelemetry_keys_the_command_lines_sample_ratio_stands_and_every_ingress_is_traced() {
        IngressTranslator withFlags = new IngressTranslator(TranslatorSettings.defaults().withConfig("gatehouse/config")
                .withTuning(ProxyTuning.DEFAULTS.withTracing(Tracing.DEFAULT, 0.5)));

        Translation translation = withFlags.translate(view(service("web", 80, "10.0.0.1", 8080),
                ingress("plain", "plain.example", "Prefix", "/", "web", 80), configMap("keep-alive: \"30\"\n")));

        assertThat(translation.snapshot().tuning().orElseThrow().traceSampleRatio()).isEqualTo(0.5);
        assertThat(forward(translation.snapshot(), "plain.example").filters().tracing()).isEqualTo(Tracing.DEFAULT);
    }

    @Test
    void an_unreadable_sample_ratio_or_sampler_is_reported_and_the_command_lines_ratio_applies() {
        Translation translation = translate("otel-sampler-ratio: \"1.5\"\notel-sampler: \"Sometimes\"\n", "");

        assertThat(translation.snapshot().tuning().orElseThrow().traceSampleRatio()).isEqualTo(ProxyTuning.DEFAULTS.traceSampleRatio());
        assertThat(translation.warnings()).extracting(Warning::message)
                .anySatisfy(message -> assertThat(message).contains("otel-sampler-ratio").contains("1.5").contains("between 0 and 1"))
                .anySatisfy(message -> assertThat(message).contains("otel-sampler").contains("Sometimes").contains("AlwaysOn"));
    }

    @Test
    void every_key_read_is_named_in_docs_annotations_md() throws java.io.IOException {
        String docs = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "annotations.md"));

        assertThat(GlobalConfig.KEYS).allSatisfy(key -> assertThat(docs).contains("`" + key + "`"));
    }

    @Test
    void every_key_of_the_configmap_catalogue_is_named_in_docs_annotations_md() throws java.io.IOException {
        String docs = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "annotations.md"));

        assertThat(ConfigMapCatalog.keys()).allSatisfy(key -> assertThat(docs).contains("`" + key.name() + "`"));
    }

    @Test
    void every_key_read_is_honoured_or_approximated_in_the_configmap_catalogue() {
        assertThat(GlobalConfig.KEYS).allSatisfy(key -> assertThat(ConfigMapCatalog.find(key).support())
                .isIn(AnnotationCatalog.Support.HONOURED, AnnotationCatalog.Support.APPROXIMATED));
    }

    private Translation translate(String data, String annotations) {
        String annotated = ingress("annotated", "annotated.example", "Prefix", "/", "web", 80);
        if (!annotations.isEmpty()) {
            annotated = annotated.replaceFirst("metadata:\n  name: annotated\n", "metadata:\n  name: annotated\n  annotations:\n"
                    + annotations.indent(4));
        }
        return translator.translate(view(service("web", 80, "10.0.0.1", 8080), ingress("plain", "plain.example", "Prefix", "/", "web", 80),
                annotated, configMap(data)));
    }

    private static dev.gatehouse.controller.view.ClusterView configView(String data) {
        return view(configMap(data));
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

    private static RouteAction.Forward forward(RoutingSnapshot snapshot, String host) {
        return (RouteAction.Forward) snapshot.router().find(host, "/").action();
    }
}
