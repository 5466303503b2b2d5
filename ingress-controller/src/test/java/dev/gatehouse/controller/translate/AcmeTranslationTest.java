package dev.gatehouse.controller.translate;

import static dev.gatehouse.controller.testing.Manifests.ingress;
import static dev.gatehouse.controller.testing.Manifests.service;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the translator makes of Ingresses that ask for ACME certificates, and of the challenge answers. */
class AcmeTranslationTest {

    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults()
            .withAcmeChallengeSecret("gatehouse/gatehouse-acme-challenges"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "gatehouse.dev/tls-acme: 'true' asks              | gatehouse.dev/tls-acme: 'true'  | true",
            "kubernetes.io/tls-acme: 'true' asks too          | kubernetes.io/tls-acme: 'true'  | true",
            "'false' does not                                 | gatehouse.dev/tls-acme: 'false' | false",
            "no annotation does not                           | none                            | false",
    })
    void an_ingress_asks_for_acme_certificates_by_annotation(String description, String annotation, boolean asks) {
        Translation translation = translator.translate(view(service("web", 80, "10.0.0.1", 8080),
                tlsIngress("web", annotation, "[b.example, a.example, a.example]", "web-tls")));

        assertThat(translation.acme()).hasSize(asks ? 1 : 0);
        if (asks) {
            AcmeRequest request = translation.acme().get(0);
            assertThat(request.ingress()).isEqualTo(new ObjectRef("Ingress", "default", "web"));
            assertThat(request.secret()).isEqualTo("default/web-tls");
            assertThat(request.hosts()).containsExactly("a.example", "b.example");
        }
    }

    @Test
    void the_missing_secret_of_an_acme_ingress_is_not_yet_issued_rather_than_wrong() {
        Translation asking = translator.translate(view(service("web", 80, "10.0.0.1", 8080),
                tlsIngress("web", "gatehouse.dev/tls-acme: 'true'", "[a.example]", "web-tls")));
        Translation notAsking = translator.translate(view(service("web", 80, "10.0.0.1", 8080),
                tlsIngress("web", "none", "[a.example]", "web-tls")));

        assertThat(asking.warnings()).isEmpty();
        assertThat(notAsking.warnings()).extracting(Warning::reason).containsExactly(Warning.TLS_SECRET_NOT_FOUND);
        assertThat(asking.snapshot().tls()).isEmpty();
    }

    @Test
    void an_ingress_class_annotated_for_acme_makes_its_ingresses_ask_unless_one_opts_out() {
        String ingressClass = """
                apiVersion: networking.k8s.io/v1
                kind: IngressClass
                metadata:
                  name: gatehouse
                  annotations:
                    gatehouse.dev/tls-acme: "true"
                spec:
                  controller: gatehouse.dev/ingress-controller
                """;
        ClusterView world = view(service("web", 80, "10.0.0.1", 8080), ingressClass,
                tlsIngress("web", "none", "[a.example]", "web-tls"),
                tlsIngress("opted-out", "gatehouse.dev/tls-acme: 'false'", "[b.example]", "other-tls")
                        );

        assertThat(translator.translate(world).acme()).extracting(AcmeRequest::secret).containsExactly("default/web-tls");
    }

    @Test
    void invalid_values_wildcards_and_a_secret_claimed_twice_are_reported() {
        ClusterView world = view(service("web", 80, "10.0.0.1", 8080),
                tlsIngress("yes", "gatehouse.dev/tls-acme: 'yes'", "[a.example]", "a-tls"),
                tlsIngress("wild", "gatehouse.dev/tls-acme: 'true'", "[\"*.w.example\", w.example]", "w-tls")
                        .replace("  name: wild\n", "  name: wild\n  creationTimestamp: \"2020-01-01T00:00:00Z\"\n"),
                tlsIngress("second", "gatehouse.dev/tls-acme: 'true'", "[x.example]", "w-tls")
                        .replace("  name: second\n", "  name: second\n  creationTimestamp: \"2030-01-01T00:00:00Z\"\n"));

        Translation translation = translator.translate(world);

        assertThat(translation.acme()).extracting(AcmeRequest::secret, AcmeRequest::hosts)
                .containsExactly(tuple("default/w-tls", java.util.List.of("w.example")));
        assertThat(translation.warnings()).extracting(Warning::reason, Warning::message).containsExactlyInAnyOrder(
                tuple(Warning.INVALID_ANNOTATION, "ingress default/yes: annotation gatehouse.dev/tls-acme: \"yes\" is not a "
                        + "boolean (expected \"true\" or \"false\"; no certificate is ordered)"),
                tuple(Warning.TLS_SECRET_NOT_FOUND, "ingress default/yes: spec.tls[0].secretName: secret \"a-tls\" not found "
                        + "in namespace default (expected a Secret of type kubernetes.io/tls)"),
                tuple(Warning.ACME_UNSUPPORTED_HOST, "ingress default/wild: spec.tls[0].hosts[0]: host \"*.w.example\" is a "
                        + "wildcard, which ACME proves only by DNS-01 (expected an exact host for HTTP-01; it gets no ordered "
                        + "certificate)"),
                tuple(Warning.RULE_CONFLICT, "ingress default/second: spec.tls[0].secretName: secret \"w-tls\" is already "
                        + "ordered for [w.example] by ingress default/wild (expected one host list per ACME secret; the oldest wins)"));
    }

    @Test
    void the_entries_of_the_challenge_secret_become_the_snapshot_s_challenge_answers() {
        String challenges = """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: gatehouse-acme-challenges
                  namespace: gatehouse
                type: Opaque
                data:
                  tok-1: dG9rLTEudGh1bWI=
                """;
        String elsewhere = challenges.replace("namespace: gatehouse", "namespace: default");

        assertThat(translator.translate(view(challenges)).snapshot().acmeChallenges()).containsExactly(
                java.util.Map.entry("tok-1", "tok-1.thumb"));
        assertThat(translator.translate(view(elsewhere)).snapshot().acmeChallenges()).isEmpty();
    }

    private static String tlsIngress(String name, String annotation, String hosts, String secret) {
        String yaml = ingress(name, name + ".example", "Prefix", "/", "web", 80)
                .replaceFirst("spec:\n", "spec:\n  tls:\n  - hosts: " + hosts + "\n    secretName: " + secret + "\n");
        return annotation.equals("none") ? yaml
                : yaml.replaceFirst("metadata:\n", "metadata:\n  annotations:\n    " + annotation.replace('\'', '"') + "\n");
    }
}
