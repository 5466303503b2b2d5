package dev.gatehouse.controller.translate.annotations;

import static dev.gatehouse.controller.testing.Manifests.ingress;
import static dev.gatehouse.controller.testing.Manifests.service;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.Tracing;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** enable-opentelemetry and opentelemetry-trust-incoming-span, read into the route's Tracing. */
class TracingAnnotationsTest {

    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

    @Test
    void anIngressWithoutTheAnnotationsIsTracedAndContinuesTheClientsTrace() {
        Translation translation = translate("nginx.ingress.kubernetes.io/proxy-read-timeout: \"5\"\n");

        assertThat(translation.warnings()).isEmpty();
        assertThat(tracing(translation)).isEqualTo(Tracing.DEFAULT);
    }

    @Test
    void theAnnotationsTurnTracingOffOrStartANewTracePerRequest() {
        assertThat(tracing(translate("nginx.ingress.kubernetes.io/enable-opentelemetry: \"false\"\n")))
                .isEqualTo(new Tracing(false, true));
        assertThat(tracing(translate("nginx.ingress.kubernetes.io/opentelemetry-trust-incoming-span: \"false\"\n")))
                .isEqualTo(new Tracing(true, false));
    }

    @Test
    void aValueThatIsNotABooleanIsReportedAndTheDefaultApplies() {
        Translation translation = translate("nginx.ingress.kubernetes.io/opentelemetry-trust-incoming-span: \"no\"\n");

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("ingress default/web: annotation "
                + "nginx.ingress.kubernetes.io/opentelemetry-trust-incoming-span: \"no\" is not a boolean (expected \"true\" or "
                + "\"false\"); a client's traceparent is continued");
        assertThat(tracing(translation)).isEqualTo(Tracing.DEFAULT);
    }

    private Translation translate(String annotations) {
        String web = ingress("web", "web.example", "Prefix", "/", "web", 80)
                .replaceFirst("metadata:\n  name: web\n",
                        Matcher.quoteReplacement("metadata:\n  name: web\n  annotations:\n" + annotations.indent(4)));
        return translator.translate(view(service("web", 80, "10.0.0.1", 8080), web));
    }

    private static Tracing tracing(Translation translation) {
        return ((RouteAction.Forward) translation.snapshot().router().find("web.example", "/").action()).filters().tracing();
    }
}
