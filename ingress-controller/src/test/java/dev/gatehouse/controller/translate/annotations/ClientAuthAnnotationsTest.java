package dev.gatehouse.controller.translate.annotations;

import static dev.gatehouse.controller.testing.Manifests.annotatedIngress;
import static dev.gatehouse.controller.testing.Manifests.service;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.Manifests;
import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.NamedObjects;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.ClientAuth;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.TlsBinding;
import dev.gatehouse.tls.testing.ClientCertificates;
import dev.gatehouse.tls.testing.TestCertificates;
import dev.gatehouse.tls.testing.TestCertificates.Issued;
import dev.gatehouse.tls.testing.TestCertificates.KeyType;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The auth-tls-* annotations and their Secret, from an Ingress to its TLS hosts' bindings, warnings and 503s. */
class ClientAuthAnnotationsTest {

    private static final Issued CLIENT_CA = TestCertificates.ca("Client CA");
    private static final Issued OTHER_CA = TestCertificates.ca("Other CA");
    private static final Issued WEB = TestCertificates.issue(TestCertificates.ca("Server CA"), KeyType.EC, "web.example",
            "other.example");
    private static final String PREFIX = "nginx.ingress.kubernetes.io/";

    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

    @Test
    void everyKeyBecomesTheClientAuthOfTheIngressTlsHost() {
        Translation translation = translate(ca("client-ca", TestCertificates.pem(CLIENT_CA.certificate()), null), """
                nginx.ingress.kubernetes.io/auth-tls-secret: "default/client-ca"
                nginx.ingress.kubernetes.io/auth-tls-verify-client: "optional_no_ca"
                nginx.ingress.kubernetes.io/auth-tls-verify-depth: "2"
                nginx.ingress.kubernetes.io/auth-tls-error-page: "https://errors.example/cert.html"
                nginx.ingress.kubernetes.io/auth-tls-pass-certificate-to-upstream: "true"
                nginx.ingress.kubernetes.io/auth-tls-match-cn: "CN=(alice|bob)"
                """);

        ClientAuth auth = binding(translation.snapshot()).clientAuth();
        assertThat(translation.warnings()).isEmpty();
        assertThat(auth.secret()).isEqualTo("default/client-ca");
        assertThat(auth.mode()).isEqualTo(ClientAuth.Mode.OPTIONAL_NO_CA);
        assertThat(auth.authorities()).containsExactly(CLIENT_CA.certificate());
        assertThat(auth.revocations()).isEmpty();
        assertThat(auth.depth()).isEqualTo(2);
        assertThat(auth.errorPage()).isEqualTo("https://errors.example/cert.html");
        assertThat(auth.passCertificate()).isTrue();
        assertThat(auth.matchSubject().matcher("CN=bob,O=Shop").find()).isTrue();
        assertThat(auth.matchSubject().matcher("CN=carol,O=Shop").find()).isFalse();
        assertThat(forward(translation.snapshot(), "web.example").filters().basicAuth()).isNull();
    }

    @Test
    void theSecretAloneAsksWithIngressNginxDefaultsAndReadsItsCrl() {
        Translation translation = translate(ca("client-ca", TestCertificates.pem(CLIENT_CA.certificate()),
                TestCertificates.pem(ClientCertificates.crl(CLIENT_CA))), PREFIX + "auth-tls-secret: \"client-ca\"\n");

        ClientAuth auth = binding(translation.snapshot()).clientAuth();
        assertThat(auth.mode()).isEqualTo(ClientAuth.Mode.ON);
        assertThat(auth.depth()).isEqualTo(1);
        assertThat(auth.errorPage()).isNull();
        assertThat(auth.passCertificate()).isFalse();
        assertThat(auth.matchSubject()).isNull();
        assertThat(auth.revocations()).hasSize(1);
    }

    @Test
    void valuesThatCannotBeReadFallBackToIngressNginxDefaultsWithAWarningNamingKeyAndValue() {
        Translation translation = translate(ca("client-ca", TestCertificates.pem(CLIENT_CA.certificate()), null), """
                nginx.ingress.kubernetes.io/auth-tls-secret: "client-ca"
                nginx.ingress.kubernetes.io/auth-tls-verify-client: "sometimes"
                nginx.ingress.kubernetes.io/auth-tls-verify-depth: "deep"
                nginx.ingress.kubernetes.io/auth-tls-error-page: "javascript:alert(1)"
                """);

        ClientAuth auth = binding(translation.snapshot()).clientAuth();
        assertThat(auth.mode()).isEqualTo(ClientAuth.Mode.ON);
        assertThat(auth.depth()).isEqualTo(1);
        assertThat(auth.errorPage()).isNull();
        assertThat(translation.warnings()).extracting(Warning::message).containsExactlyInAnyOrder(
                "ingress default/web: annotation nginx.ingress.kubernetes.io/auth-tls-verify-client: \"sometimes\" is not a verify "
                        + "mode (expected on, optional, optional_no_ca or off); using on",
                "ingress default/web: annotation nginx.ingress.kubernetes.io/auth-tls-verify-depth: \"deep\" is not a verify depth "
                        + "(expected an integer from 1 to 100); using 1",
                "ingress default/web: annotation nginx.ingress.kubernetes.io/auth-tls-error-page: \"javascript:alert(1)\" is not a URL "
                        + "(expected an absolute http or https URL, or a path); a failed certificate is answered 400");
    }

    @Test
    void garbageInCaCrtAnswersEveryRequestOfTheIngress503AndLeavesOtherHostsAlone() {
        Translation translation = translate(ca("client-ca", "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n",
                null), PREFIX + "auth-tls-secret: \"client-ca\"\n");

        assertThat(forward(translation.snapshot(), "web.example").filters().basicAuth().unavailable()).isTrue();
        assertThat(forward(translation.snapshot(), "other.example").filters().basicAuth()).isNull();
        assertThat(binding(translation.snapshot()).clientAuth()).isNull();
        assertThat(translation.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.reason()).isEqualTo(Warning.INVALID_ANNOTATION);
            assertThat(warning.message()).startsWith("ingress default/web: annotation nginx.ingress.kubernetes.io/auth-tls-secret: "
                    + "\"client-ca\" names Secret default/client-ca, whose ca.crt is not valid PEM").endsWith("every request of the "
                    + "Ingress is answered 503 until it is fixed");
        });
    }

    @Test
    void aSecretWithoutCaCrtOrWithAForeignCrlIsUnreadable() {
        Translation empty = translate("apiVersion: v1\nkind: Secret\nmetadata:\n  name: client-ca\ntype: Opaque\ndata: {}\n",
                PREFIX + "auth-tls-secret: \"client-ca\"\n");
        Translation foreignCrl = translate(ca("client-ca", TestCertificates.pem(CLIENT_CA.certificate()),
                TestCertificates.pem(ClientCertificates.crl(OTHER_CA))), PREFIX + "auth-tls-secret: \"client-ca\"\n");

        assertThat(forward(empty.snapshot(), "web.example").filters().basicAuth().unavailable()).isTrue();
        assertThat(empty.warnings()).extracting(Warning::message).singleElement().asString().contains("whose ca.crt is empty");
        assertThat(forward(foreignCrl.snapshot(), "web.example").filters().basicAuth().unavailable()).isTrue();
        assertThat(foreignCrl.warnings()).extracting(Warning::message).singleElement().asString()
                .contains("ca.crl holds a revocation list of CN=Other CA that no CA of ca.crt signed");
    }

    @Test
    void aSecretOfAnotherNamespaceOrNoneAtAllIsNeverReadAndAnswers503() {
        Translation elsewhere = translate(ca("client-ca", TestCertificates.pem(CLIENT_CA.certificate()), null)
                .replace("metadata:\n", "metadata:\n  namespace: shared\n"), PREFIX + "auth-tls-secret: \"shared/client-ca\"\n");
        Translation missing = translate("", PREFIX + "auth-tls-secret: \"client-ca\"\n");

        assertThat(forward(elsewhere.snapshot(), "web.example").filters().basicAuth().unavailable()).isTrue();
        assertThat(elsewhere.warnings()).extracting(Warning::message).singleElement().asString()
                .contains("refers to a Secret in namespace shared (expected one in the Ingress's namespace default)");
        assertThat(forward(missing.snapshot(), "web.example").filters().basicAuth().unavailable()).isTrue();
        assertThat(missing.warnings()).extracting(Warning::message).singleElement().asString()
                .contains("names Secret default/client-ca, which does not exist");
    }

    @Test
    void aHugeOrNestedMatchCnIsRefusedBeforeItIsCompiledAndAnswers503() {
        String nested = "CN=((a{1000}){1000}){1000}";
        String long_ = "CN=" + "a".repeat(5000);
        Translation bomb = translate(ca("client-ca", TestCertificates.pem(CLIENT_CA.certificate()), null),
                PREFIX + "auth-tls-secret: \"client-ca\"\n" + PREFIX + "auth-tls-match-cn: \"" + nested + "\"\n");
        Translation huge = translate(ca("client-ca", TestCertificates.pem(CLIENT_CA.certificate()), null),
                PREFIX + "auth-tls-secret: \"client-ca\"\n" + PREFIX + "auth-tls-match-cn: \"" + long_ + "\"\n");
        Translation broken = translate(ca("client-ca", TestCertificates.pem(CLIENT_CA.certificate()), null),
                PREFIX + "auth-tls-secret: \"client-ca\"\n" + PREFIX + "auth-tls-match-cn: \"CN=(?<=x)\"\n");

        for (Translation translation : List.of(bomb, huge, broken)) {
            assertThat(forward(translation.snapshot(), "web.example").filters().basicAuth().unavailable()).isTrue();
            assertThat(binding(translation.snapshot()).clientAuth()).isNull();
        }
        assertThat(bomb.warnings()).extracting(Warning::message).singleElement().asString()
                .contains("is too large a regular expression (expected at most 1024 characters and 10000 repetitions in all)");
        assertThat(huge.warnings()).extracting(Warning::message).singleElement().asString()
                .contains("\"CN=" + "a".repeat(61) + "...\"").hasSizeLessThan(400);
        assertThat(broken.warnings()).extracting(Warning::message).singleElement().asString().contains("is not an RE2 regular expression");
    }

    @Test
    void aRuleWhoseHostHasNoCertificateOfTheIngressAnswers503RatherThanServeWithoutClientCertificates() {
        String web = annotatedIngress("web", "web.example", "web", 80, PREFIX + "auth-tls-secret: \"client-ca\"");
        Translation translation = translator.translate(view(service("web", 80, "10.0.0.1", 8080), web,
                ca("client-ca", TestCertificates.pem(CLIENT_CA.certificate()), null)));

        assertThat(forward(translation.snapshot(), "web.example").filters().basicAuth().unavailable()).isTrue();
        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("ingress default/web: spec.rules[0].host: "
                + "host \"web.example\" has no certificate of this Ingress's spec.tls to ask for client certificates with (expected a "
                + "spec.tls entry with a usable Secret for each host of an Ingress with auth-tls-secret); every request of the rule is "
                + "answered 503");
    }

    @Test
    void theSecretOfAuthTlsSecretIsWatched() {
        Ingress web = (Ingress) Manifests.objects(annotatedIngress("web", "web.example", "web", 80,
                PREFIX + "auth-tls-secret: \"client-ca\"")).get(0);

        assertThat(NamedObjects.of(TranslatorSettings.defaults(), List.of(), List.of(web)).secrets()).contains("default/client-ca");
    }

    /** web.example with TLS and these annotations, other.example with TLS and none, and the Secret (if any). */
    @Test
    void aChangedCaSecretIsReadByTheNextTranslationThoughTheIngressStaysTheSame() {
        String annotations = PREFIX + "auth-tls-secret: \"client-ca\"\n";
        Translation first = translate(ca("client-ca", TestCertificates.pem(CLIENT_CA.certificate()), null), annotations);
        Translation rotated = translate(ca("client-ca", TestCertificates.pem(OTHER_CA.certificate()),
                TestCertificates.pem(ClientCertificates.crl(OTHER_CA))), annotations);
        Translation removed = translate("", annotations);

        assertThat(binding(first.snapshot()).clientAuth().authorities()).containsExactly(CLIENT_CA.certificate());
        assertThat(binding(rotated.snapshot()).clientAuth().authorities()).containsExactly(OTHER_CA.certificate());
        assertThat(binding(rotated.snapshot()).clientAuth().revocations()).hasSize(1);
        assertThat(forward(rotated.snapshot(), "web.example").filters().basicAuth()).isNull();
        assertThat(forward(removed.snapshot(), "web.example").filters().basicAuth().unavailable()).isTrue();
        assertThat(removed.warnings()).extracting(Warning::message).anyMatch(message -> message.contains("client-ca"));
    }

    private Translation translate(String secret, String annotations) {
        String tls = "  tls:\n  - hosts: [web.example]\n    secretName: web-tls\n";
        String web = annotatedIngress("web", "web.example", "web", 80, annotations).replaceFirst("spec:\n", "spec:\n" + tls);
        String other = annotatedIngress("other", "other.example", "web", 80, "")
                .replaceFirst("spec:\n", "spec:\n" + tls.replace("web.example", "other.example"));
        List<String> objects = new java.util.ArrayList<>(List.of(service("web", 80, "10.0.0.1", 8080), web, other, tlsSecret()));
        if (!secret.isEmpty()) {
            objects.add(secret);
        }
        return translator.translate(view(objects.toArray(String[]::new)));
    }

    private static TlsBinding binding(RoutingSnapshot snapshot) {
        return snapshot.bindingFor("web.example");
    }

    private static RouteAction.Forward forward(RoutingSnapshot snapshot, String host) {
        return (RouteAction.Forward) snapshot.router().find(host, "/").action();
    }

    private static String ca(String name, String caCrt, String caCrl) {
        return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name + "\ntype: Opaque\nstringData:\n  ca.crt: " + block(caCrt)
                + (caCrl == null ? "" : "  ca.crl: " + block(caCrl));
    }

    private static String tlsSecret() {
        return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls\ntype: kubernetes.io/tls\nstringData:\n"
                + "  tls.crt: " + block(WEB.certificatePem()) + "  tls.key: " + block(WEB.pkcs8());
    }

    private static String block(String text) {
        return "|\n" + text.lines().map(line -> "    " + line + "\n").collect(Collectors.joining());
    }
}
