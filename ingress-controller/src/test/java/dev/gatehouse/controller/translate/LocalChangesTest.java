package dev.gatehouse.controller.translate;

import static dev.gatehouse.controller.testing.Manifests.objects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.tls.testing.TestCertificates;
import dev.gatehouse.tls.testing.TestCertificates.Issued;
import dev.gatehouse.tls.testing.TestCertificates.KeyType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A translation worked out from the last one for the few Ingresses that changed ({@link LocalChanges}) is exactly what a
 * new translator gives for the same view, whatever moved between Ingresses; and whatever reaches across Ingresses or hosts
 * sends the translation back to the whole view, which gives the same too. Random runs print their seed first:
 * {@code -Dlocal.seed=N} replays one.
 */
class LocalChangesTest {

    private static final TranslatorSettings SETTINGS = TranslatorSettings.defaults();
    private static final TranslatorSettings PLAIN_WORLD = TranslatorSettings.defaults().withConfig(ChangingWorld.CONFIG);
    private static final Issued CA = TestCertificates.ca("Test CA");
    private static final Issued CERTIFICATE = TestCertificates.issue(CA, KeyType.EC, "shop.example.com");

    @Test
    void afterEveryRandomChangeOfIngressesTheLocalTranslationIsWhatANewTranslatorGives() {
        long seed = Long.getLong("local.seed", new Random().nextLong());
        System.out.println(LocalChangesTest.class.getSimpleName() + ": seed " + seed);
        Random random = new Random(seed);
        ChangingWorld world = new ChangingWorld(seed, true, 200, true);
        IngressTranslator kept = new IngressTranslator(PLAIN_WORLD);
        int steps = 250;
        int across = -1;
        for (int step = 0; step <= steps; step++) {
            String change;
            if (step == 0) {
                change = "the start";
            } else if (across >= 0) {
                change = world.replaceIngress(across);
                across = -1;
            } else {
                int pick = random.nextInt(100);
                if (pick < 6) {
                    across = random.nextInt(200);
                    change = world.changeAcrossHosts(across);
                } else if (pick < 10) {
                    change = world.change();
                } else {
                    change = world.changeIngress() + (pick < 40 ? ", " + world.changeIngress() : "");
                }
            }
            ClusterView view = world.view();
            Translation local = kept.translate(view);
            Translation fresh = new IngressTranslator(PLAIN_WORLD).translate(view);

            String where = "seed " + seed + ", step " + step + " (" + change + ")";
            assertThat(local.snapshot()).as(where).isEqualTo(fresh.snapshot());
            assertThat(local.warnings()).as(where).isEqualTo(fresh.warnings());
            assertThat(local).as(where).isEqualTo(fresh);
        }
        // the equality above must come from local translations, not from translating the whole view every time
        assertThat(kept.localTranslations()).as("seed " + seed + ": local translations").isGreaterThan(steps / 3);
    }

    @Test
    void aPathThatMovesFromOneIngressToAnotherIsRoutedByTheOneThatHasItNow() {
        World world = new World();
        world.put(ingress("a", 1, "shop.example.com", "/cart", "cart", "/old", "old"));
        world.put(ingress("b", 2, "shop.example.com", "/pay", "pay"));
        IngressTranslator translator = world.settledTranslator();

        world.put(ingress("a", 1, "shop.example.com", "/cart", "cart"));
        world.put(ingress("b", 2, "shop.example.com", "/pay", "pay", "/old", "old"));
        Translation moved = world.translateLocally(translator);

        assertThat(moved.snapshot().router().find("shop.example.com", "/old").name()).startsWith("default/b ");
    }

    @Test
    void theNewerOfTwoConflictingIngressesTakesThePathOnceTheOlderIsDeleted() {
        World world = new World();
        world.put(ingress("a", 1, "shop.example.com", "/cart", "cart"));
        world.put(ingress("b", 2, "shop.example.com", "/cart", "pay"));
        IngressTranslator translator = world.settledTranslator();
        Translation before = translator.translate(world.view());

        world.remove("a");
        Translation after = world.translateLocally(translator);

        assertThat(before.warnings()).extracting(Warning::reason).contains(Warning.RULE_CONFLICT);
        assertThat(after.warnings()).extracting(Warning::reason).doesNotContain(Warning.RULE_CONFLICT);
        assertThat(after.snapshot().router().find("shop.example.com", "/cart").name()).startsWith("default/b ");
    }

    @Test
    void whatMakingAClusterReportsPassesToTheNextOldestIngressThatNamesItWhenTheFirstGoes() {
        World world = new World();
        // its endpoints have no port of the Service port's name: reported for the Ingress whose backend made the cluster
        world.put(dev.gatehouse.controller.testing.Manifests.service("odd", 80, "10.0.0.2", 8080).replace("- name: http\n  port: 8080",
                "- name: web\n  port: 8080"));
        world.put(ingress("a", 1, "shop.example.com", "/cart", "odd"));
        world.put(ingress("b", 2, "pay.example.com", "/pay", "odd"));
        IngressTranslator translator = world.settledTranslator();
        Translation before = translator.translate(world.view());

        world.remove("a");
        Translation after = translator.translate(world.view());

        assertThat(after).isEqualTo(new IngressTranslator(SETTINGS).translate(world.view()));
        assertThat(before.warnings()).extracting(warning -> warning.object().toString(), Warning::reason)
                .containsExactly(org.assertj.core.api.Assertions.tuple("ingress default/a", Warning.ENDPOINT_PORT_NOT_FOUND));
        assertThat(after.warnings()).extracting(warning -> warning.object().toString(), Warning::reason)
                .containsExactly(org.assertj.core.api.Assertions.tuple("ingress default/b", Warning.ENDPOINT_PORT_NOT_FOUND));
    }

    @Test
    void aDefaultBackendTlsHostOrCanaryTranslatesTheWholeViewAndTheNextPlainChangeIsLocalAgain() {
        World world = new World();
        world.put(ingress("a", 1, "shop.example.com", "/cart", "cart"));
        world.put(ingress("b", 2, "pay.example.com", "/pay", "pay"));
        IngressTranslator translator = world.settledTranslator();
        String[] acrossHosts = {
            ingress("c", 3, "shop.example.com", "/x", "pay") + """
                  defaultBackend:
                    service:
                      name: cart
                      port:
                        number: 80
                """,
            ingress("c", 3, "shop.example.com", "/x", "pay") + """
                  tls:
                  - hosts: [shop.example.com]
                    secretName: shop-tls
                """,
            ingress("c", 3, "shop.example.com", "/cart", "pay").replace("  name: c\n", """
                  name: c
                  annotations:
                    nginx.ingress.kubernetes.io/canary: "true"
                    nginx.ingress.kubernetes.io/canary-weight: "30"
                """)};
        for (String ingress : acrossHosts) {
            int local = translator.localTranslations();
            world.put(ingress);
            Translation whole = translator.translate(world.view());
            assertThat(translator.localTranslations()).as(ingress).isEqualTo(local);
            assertThat(whole).as(ingress).isEqualTo(new IngressTranslator(SETTINGS).translate(world.view()));

            world.remove("c");
            translator.translate(world.view());
            world.put(ingress("d", 4, "new.example.com", "/", "pay"));
            world.translateLocally(translator);
            world.remove("d");
            world.translateLocally(translator);
        }
    }

    @Test
    void aWholeTranslationHandsOverTheVirtualHostsWhoseClaimsAreTheSame() {
        World world = new World();
        world.put(ingress("a", 1, "shop.example.com", "/cart", "cart"));
        world.put(ingress("b", 2, "pay.example.com", "/pay", "pay") + """
                  tls:
                  - hosts: [pay.example.com]
                    secretName: shop-tls
                """);
        IngressTranslator translator = new IngressTranslator(SETTINGS);
        Translation before = translator.translate(world.view());

        world.put(ingress("a", 1, "shop.example.com", "/cart", "cart", "/old", "old"));
        Translation after = translator.translate(world.view());

        assertThat(translator.localTranslations()).isZero();
        assertThat(host(after, "pay.example.com")).isSameAs(host(before, "pay.example.com"));
        assertThat(host(after, "shop.example.com")).isNotSameAs(host(before, "shop.example.com"));
        assertThat(after).isEqualTo(new IngressTranslator(SETTINGS).translate(world.view()));
    }

    private static dev.gatehouse.routing.VirtualHost host(Translation translation, String name) {
        return translation.snapshot().virtualHosts().stream().filter(host -> host.host().toString().equals(name)).findFirst()
                .orElseThrow();
    }

    /** Ingress {@code name}, the {@code minute}-th created, with one rule on {@code host}: pairs of path and Service. */
    private static String ingress(String name, int minute, String host, String... pathsAndServices) {
        StringBuilder paths = new StringBuilder();
        for (int i = 0; i < pathsAndServices.length; i += 2) {
            paths.append("""
                          - path: %s
                            pathType: Prefix
                            backend:
                              service:
                                name: %s
                                port:
                                  number: 80
                    """.formatted(pathsAndServices[i], pathsAndServices[i + 1]));
        }
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: %s
                  creationTimestamp: "%s"
                spec:
                  ingressClassName: gatehouse
                  rules:
                  - host: %s
                    http:
                      paths:
                %s""".formatted(name, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * minute), host, paths);
    }

    /** Objects as an API server hands them over: a uid, a new resourceVersion for each change, the others left as they were. */
    private static final class World {

        private final TreeMap<String, HasMetadata> objects = new TreeMap<>();
        private int version;

        World() {
            for (String service : new String[] {"cart", "pay", "old"}) {
                put(dev.gatehouse.controller.testing.Manifests.service(service, 80, "10.0.0.1", 8080));
            }
            put("""
                    apiVersion: v1
                    kind: Secret
                    type: kubernetes.io/tls
                    metadata:
                      name: shop-tls
                    stringData:
                      tls.crt: |
                    %s
                      tls.key: |
                    %s
                    """.formatted(CERTIFICATE.certificatePem().indent(4), CERTIFICATE.pkcs8().indent(4)));
        }

        void put(String yaml) {
            for (HasMetadata object : objects(yaml)) {
                object.getMetadata().setUid(object.getKind() + "/" + object.getMetadata().getName());
                object.getMetadata().setResourceVersion(Integer.toString(++version));
                objects.put(object.getKind() + "/" + object.getMetadata().getName(), object);
            }
        }

        void remove(String ingress) {
            objects.remove("Ingress/" + ingress);
        }

        ClusterView view() {
            return ClusterView.of(new ArrayList<>(objects.values()));
        }

        /** A translator past its first translations, so that the next change of Ingresses alone is translated locally. */
        IngressTranslator settledTranslator() {
            IngressTranslator translator = new IngressTranslator(SETTINGS);
            translator.translate(view());
            translator.translate(view());
            return translator;
        }

        /** Translates locally, checked against a new translator. */
        Translation translateLocally(IngressTranslator translator) {
            int local = translator.localTranslations();
            Translation translation = translator.translate(view());
            assertThat(translator.localTranslations()).isEqualTo(local + 1);
            assertThat(translation).isEqualTo(new IngressTranslator(SETTINGS).translate(view()));
            return translation;
        }
    }
}
