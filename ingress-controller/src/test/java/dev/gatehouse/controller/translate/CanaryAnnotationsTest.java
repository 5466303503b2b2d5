package dev.gatehouse.controller.translate;

import static dev.gatehouse.controller.testing.Manifests.service;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.Canary;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.RouteAction;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The canary keys of a canary Ingress, read into the {@link Canary} of the main rule it attaches to. */
class CanaryAnnotationsTest {

    private static final ClusterName CANARY = new ClusterName("default", "web-canary", "80");
    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

    @Test
    void every_key_becomes_a_setting_of_the_canary_and_gatehouses_own_key_wins() {
        Translation translation = translate("""
                nginx.ingress.kubernetes.io/canary: "true"
                nginx.ingress.kubernetes.io/canary-weight: "20"
                gatehouse.dev/canary-weight: "25"
                nginx.ingress.kubernetes.io/canary-weight-total: "1000"
                nginx.ingress.kubernetes.io/canary-by-header: "X-Canary"
                nginx.ingress.kubernetes.io/canary-by-header-value: "beta"
                nginx.ingress.kubernetes.io/canary-by-cookie: "canary"
                """);

        assertThat(translation.warnings()).isEmpty();
        assertThat(canary(translation)).isEqualTo(new Canary(CANARY, "X-Canary", "beta", null, "canary", 25, 1000));
    }

    @Test
    void without_settings_a_canary_takes_no_request_by_weight_out_of_100() {
        Translation translation = translate("nginx.ingress.kubernetes.io/canary: \"true\"\n");

        assertThat(canary(translation)).isEqualTo(new Canary(CANARY, null, null, null, null, 0, 100));
    }

    @Test
    void a_header_pattern_is_kept_as_written_for_the_proxy_to_match() {
        Translation translation = translate("""
                nginx.ingress.kubernetes.io/canary: "true"
                nginx.ingress.kubernetes.io/canary-by-header: "User-Agent"
                nginx.ingress.kubernetes.io/canary-by-header-pattern: "Firefox/1[0-9]{2}"
                """);

        assertThat(translation.warnings()).isEmpty();
        assertThat(canary(translation).headerPattern()).isEqualTo("Firefox/1[0-9]{2}");
    }

    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(delimiter = '#', nullValues = "-", value = {
            "- # canary-weight # ten # ingress default/web-canary: annotation nginx.ingress.kubernetes.io/canary-weight: \"ten\" is not a weight (expected a whole number from 0 to the canary-weight-total, 100); using 0",
            "- # canary-weight # -5 # ingress default/web-canary: annotation nginx.ingress.kubernetes.io/canary-weight: \"-5\" is negative (expected a whole number from 0 to the canary-weight-total, 100); using 0",
            "- # canary-weight # 150 # ingress default/web-canary: annotation nginx.ingress.kubernetes.io/canary-weight: \"150\" is more than the total weight (expected a whole number from 0 to the canary-weight-total, 100); using 0",
            "canary-weight-total: \"10\" # canary-weight # 20 # ingress default/web-canary: annotation nginx.ingress.kubernetes.io/canary-weight: \"20\" is more than the total weight (expected a whole number from 0 to the canary-weight-total, 10); using 0",
            "- # canary-weight # 2.5 # ingress default/web-canary: annotation nginx.ingress.kubernetes.io/canary-weight: \"2.5\" is not a weight (expected a whole number from 0 to the canary-weight-total, 100); using 0",
            "- # canary-weight-total # 0 # ingress default/web-canary: annotation nginx.ingress.kubernetes.io/canary-weight-total: \"0\" is not a total weight (expected a whole number of 1 or more, such as 100 or 10000); using 100",
            "- # canary-weight-total # lots # ingress default/web-canary: annotation nginx.ingress.kubernetes.io/canary-weight-total: \"lots\" is not a total weight (expected a whole number of 1 or more, such as 100 or 10000); using 100",
            "- # canary-weight-total # 99999999999 # ingress default/web-canary: annotation nginx.ingress.kubernetes.io/canary-weight-total: \"99999999999\" is not a total weight (expected a whole number of 1 or more, such as 100 or 10000); using 100",
            "- # canary-by-header # X Canary # ingress default/web-canary: annotation nginx.ingress.kubernetes.io/canary-by-header: \"X Canary\" is not a header name (expected a token such as X-Canary); requests are not chosen by header",
            "- # canary-by-cookie # a;b # ingress default/web-canary: annotation nginx.ingress.kubernetes.io/canary-by-cookie: \"a;b\" is not a cookie name (expected a token such as canary); requests are not chosen by cookie",
            "- # canary-by-header-value # beta # ingress default/web-canary: annotation nginx.ingress.kubernetes.io/canary-by-header-value: \"beta\" has no header to be compared with (expected a valid canary-by-header beside it); not applied",
            "canary-by-header: \"X-Canary\" # canary-by-header-value # '  ' # ingress default/web-canary: annotation nginx.ingress.kubernetes.io/canary-by-header-value: \"  \" is not a header value (expected printable text, such as beta); not applied",
            "- # canary-by-header-pattern # ^beta$ # ingress default/web-canary: annotation nginx.ingress.kubernetes.io/canary-by-header-pattern: \"^beta$\" has no header to be compared with (expected a valid canary-by-header beside it); not applied",
            "canary-by-header: \"X-Canary\" # canary-by-header-pattern # (beta # ingress default/web-canary: annotation nginx.ingress.kubernetes.io/canary-by-header-pattern: \"(beta\" is not a regular expression Gatehouse can match (expected RE2 syntax, without look-arounds or back-references, such as ^(beta|internal)$: missing closing )); a request carrying the header goes to the main backend",
            "canary-by-header: \"X-Canary\" # canary-by-header-pattern # ^(?!beta) # ingress default/web-canary: annotation nginx.ingress.kubernetes.io/canary-by-header-pattern: \"^(?!beta)\" is not a regular expression Gatehouse can match (expected RE2 syntax, without look-arounds or back-references, such as ^(beta|internal)$: invalid or unsupported Perl syntax); a request carrying the header goes to the main backend",
            "canary-by-header: \"X-Canary\" # canary-by-header-pattern # '  ' # ingress default/web-canary: annotation nginx.ingress.kubernetes.io/canary-by-header-pattern: \"  \" is empty (expected a regular expression such as ^(beta|internal)$); not applied",
            "canary-by-header: \"X-Canary\" + canary-by-header-value: \"beta\" # canary-by-header-pattern # ^alpha$ # ingress default/web-canary: annotation nginx.ingress.kubernetes.io/canary-by-header-pattern: \"^alpha$\" is ignored: canary-by-header-value is set, and wins as with ingress-nginx (expected one of the two)",
    })
    void an_invalid_value_is_reported_and_the_canary_still_attaches_without_it(String others, String key, String value, String message) {
        String extra = others == null ? "" : Arrays.stream(others.split(" \\+ "))
                .map(line -> "nginx.ingress.kubernetes.io/" + line + "\n").reduce("", String::concat);
        Translation translation = translate("nginx.ingress.kubernetes.io/canary: \"true\"\n" + extra
                + "nginx.ingress.kubernetes.io/" + key + ": \"" + value + "\"\n");

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly(message);
        assertThat(canary(translation).cluster()).isEqualTo(CANARY);
    }

    @Test
    void an_unreadable_canary_key_keeps_the_ingress_from_being_served_either_way() {
        // served as a main Ingress it would also be reported as a conflict with web's rule
        Translation translation = translate("nginx.ingress.kubernetes.io/canary: \"yes\"\n");

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("ingress default/web-canary: annotation "
                + "nginx.ingress.kubernetes.io/canary: \"yes\" is not a boolean (expected \"true\" or \"false\"); the Ingress is not "
                + "served, rather than served as a main Ingress or as a canary");
        assertThat(forward(translation).canary()).isNull();
        assertThat(translation.ingresses()).extracting(ObjectRef::name).containsExactly("web");
    }

    @Test
    void canary_settings_on_an_ingress_that_is_not_a_canary_are_reported_and_ignored() {
        Translation translation = translate("""
                nginx.ingress.kubernetes.io/canary: "false"
                nginx.ingress.kubernetes.io/canary-weight: "50"
                """);

        assertThat(translation.warnings()).filteredOn(warning -> warning.reason().equals(Warning.INVALID_ANNOTATION))
                .extracting(Warning::message).containsExactly("ingress default/web-canary: annotation "
                + "nginx.ingress.kubernetes.io/canary-weight: \"50\" is ignored: the Ingress is not a canary (expected canary: "
                + "\"true\" beside it)");
    }

    /** A main Ingress web and the Ingress web-canary with {@code annotations}, both for web.example / (Prefix). */
    private Translation translate(String annotations) {
        return translator.translate(view(service("web", 80, "10.0.0.1", 8080), service("web-canary", 80, "10.0.0.2", 8080),
                CanaryRulesTest.ingress("web", "2025-01-01T00:00:00Z", "", "web.example", "Prefix", "/", "web"),
                CanaryRulesTest.ingress("web-canary", "2025-02-01T00:00:00Z", annotations, "web.example", "Prefix", "/", "web-canary")));
    }

    private static RouteAction.Forward forward(Translation translation) {
        return (RouteAction.Forward) translation.snapshot().router().find("web.example", "/").action();
    }

    private static Canary canary(Translation translation) {
        return forward(translation).canary();
    }
}
