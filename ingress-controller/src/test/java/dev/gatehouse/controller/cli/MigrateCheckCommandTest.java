package dev.gatehouse.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateCheckCommandTest {

    @TempDir
    Path directory;

    @Test
    void each_annotation_of_each_ingress_is_listed_with_what_gatehouse_does_with_it() throws IOException {
        Files.writeString(directory.resolve("ingresses.yaml"), """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: shop
                  namespace: team-a
                  annotations:
                    nginx.ingress.kubernetes.io/proxy-read-timeout: "120"
                    nginx.ingress.kubernetes.io/configuration-snippet: "more_set_headers 'X: y';"
                    nginx.ingress.kubernetes.io/auth-tls-verify-client: "on"
                    nginx.ingress.kubernetes.io/proxy-buffering: "on"
                    nginx.ingress.kubernetes.io/load-balance: "ewma"
                    nginx.ingress.kubernetes.io/proxy-read-timout: "9"
                    kubernetes.io/ingress.class: nginx
                spec:
                  rules:
                  - host: shop.example
                """);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = Main.run(new String[] {"migrate-check", directory.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(code).isZero();
        assertThat(out.toString().lines().map(line -> line.replaceAll("\\s+", " ")))
                .contains("team-a/shop nginx.ingress.kubernetes.io/proxy-read-timeout honoured how long the upstream may stay "
                                + "silent while a response is due",
                        "team-a/shop nginx.ingress.kubernetes.io/configuration-snippet refused refused: it injects proxy "
                                + "configuration text, and Gatehouse has none",
                        "team-a/shop nginx.ingress.kubernetes.io/auth-tls-verify-client not yet not read yet: the Ingress is not served, rather "
                                + "than served without it",
                        "team-a/shop nginx.ingress.kubernetes.io/proxy-buffering not yet not read yet: the Ingress is served without it",
                        "team-a/shop nginx.ingress.kubernetes.io/load-balance approx. how an endpoint is picked; ewma becomes "
                                + "least-request (the less loaded of two endpoints picked at random)",
                        "team-a/shop nginx.ingress.kubernetes.io/proxy-read-timout unknown ignored (did you mean "
                                + "nginx.ingress.kubernetes.io/proxy-read-timeout?)",
                        "1 Ingresses: 1 annotations honoured, 1 approximated, 2 not read yet, 1 refused, 1 unknown; 1 Ingresses would "
                                + "not be served until what they ask for access control is read")
                .noneMatch(line -> line.contains("kubernetes.io/ingress.class"));
    }

    @Test
    void without_a_directory_it_asks_which_namespaces_of_the_cluster_to_check() {
        StringWriter err = new StringWriter();

        int code = Main.run(new String[] {"migrate-check"}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("gatehouse migrate-check: Missing what to check (expected a DIR of manifests, "
                + "--all-namespaces or --namespace NAMESPACE)");
    }
}
