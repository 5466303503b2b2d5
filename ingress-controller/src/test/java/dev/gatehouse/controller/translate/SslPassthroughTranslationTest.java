package dev.gatehouse.controller.translate;

import static dev.gatehouse.controller.testing.Manifests.annotatedIngress;
import static dev.gatehouse.controller.testing.Manifests.service;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gatehouse.controller.translate.annotations.AnnotationCatalog;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.TlsPassthrough;
import org.junit.jupiter.api.Test;

/** ingress-nginx's ssl-passthrough annotation, translated: which hosts pass through to which backend, and what is reported. */
class SslPassthroughTranslationTest {

    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

    @Test
    void anAnnotatedIngressPassesItsHostThroughOnTheHttpsPortToTheBackendOfItsRootPath() {
        Translation translation = translator.translate(view(service("db", 443, "10.0.0.1", 8443),
                annotatedIngress("db", "db.example.com", "db", 443, "nginx.ingress.kubernetes.io/ssl-passthrough: \"true\"")));

        assertThat(translation.snapshot().tlsPassthrough())
                .extracting(rule -> rule.host().value(), TlsPassthrough::port, rule -> rule.pick(0).toString())
                .containsExactly(tuple("db.example.com", 8443, "default/db:443"));
        assertThat(AnnotationCatalog.find("ssl-passthrough").support()).isEqualTo(AnnotationCatalog.Support.HONOURED);
        // plain HTTP on the host is still routed by the rule
        assertThat(translation.snapshot().virtualHosts()).extracting(host -> host.host().value()).contains("db.example.com");
    }

    @Test
    void anIngressWithoutTheAnnotationOrWithFalsePassesNothingThroughAndAnotherValueIsReported() {
        assertThat(translator.translate(view(service("db", 443, "10.0.0.1", 8443),
                annotatedIngress("db", "db.example.com", "db", 443, ""))).snapshot().tlsPassthrough()).isEmpty();
        assertThat(translator.translate(view(service("db", 443, "10.0.0.1", 8443), annotatedIngress("db", "db.example.com", "db", 443,
                "nginx.ingress.kubernetes.io/ssl-passthrough: \"false\""))).snapshot().tlsPassthrough()).isEmpty();

        Translation yes = translator.translate(view(service("db", 443, "10.0.0.1", 8443),
                annotatedIngress("db", "db.example.com", "db", 443, "nginx.ingress.kubernetes.io/ssl-passthrough: \"yes\"")));

        assertThat(yes.snapshot().tlsPassthrough()).isEmpty();
        assertThat(yes.warnings()).extracting(Warning::reason, Warning::message).contains(tuple(Warning.INVALID_ANNOTATION,
                "ingress default/db: annotation nginx.ingress.kubernetes.io/ssl-passthrough: \"yes\" is not a boolean (expected "
                        + "\"true\" or \"false\"; the hosts are not passed through)"));
    }

    @Test
    void tlsSecretsOtherPathsAWildcardHostAndAHostWithoutRootPathAreReportedOnTheIngress() {
        Translation translation = translator.translate(view(service("db", 443, "10.0.0.1", 8443), service("api", 443, "10.0.0.2", 8443), """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: mixed
                  annotations: {nginx.ingress.kubernetes.io/ssl-passthrough: "true"}
                spec:
                  ingressClassName: gatehouse
                  tls: [{hosts: [db.example.com], secretName: db-tls}]
                  rules:
                  - host: db.example.com
                    http:
                      paths:
                      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 443}}}}
                      - {path: /, pathType: Prefix, backend: {service: {name: db, port: {number: 443}}}}
                  - host: "*.example.org"
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: db, port: {number: 443}}}}
                  - host: api.example.com
                    http:
                      paths:
                      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 443}}}}
                """));

        assertThat(translation.snapshot().tlsPassthrough()).extracting(rule -> rule.host().value(), rule -> rule.pick(0).toString())
                .containsExactly(tuple("db.example.com", "default/db:443"));
        assertThat(translation.warnings()).filteredOn(warning -> warning.message().contains("ssl-passthrough:"))
                .extracting(Warning::message).containsExactlyInAnyOrder(
                        "ingress default/mixed: ssl-passthrough: spec.tls is not presented to the hosts passed through: their upstream "
                                + "terminates TLS with its own certificate (the Secrets serve only names that are not passed through)",
                        "ingress default/mixed: ssl-passthrough: spec.rules[0]: only the backend of path / is passed through for "
                                + "db.example.com; the other paths serve plain HTTP alone (TLS hides paths from the proxy)",
                        "ingress default/mixed: ssl-passthrough: spec.rules[1].host \"*.example.org\" is not passed through (expected an "
                                + "exact host: a ClientHello names one host, which ingress-nginx compares exactly)",
                        "ingress default/mixed: ssl-passthrough: spec.rules[2]: only the backend of path / is passed through for "
                                + "api.example.com; the other paths serve plain HTTP alone (TLS hides paths from the proxy)",
                        "ingress default/mixed: ssl-passthrough: spec.rules[2]: api.example.com is not passed through: it has no path / "
                                + "of this Ingress to a Service (expected path / with the backend that terminates TLS)");
    }
}
