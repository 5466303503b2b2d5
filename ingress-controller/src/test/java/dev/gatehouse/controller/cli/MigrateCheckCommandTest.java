package dev.gatehouse.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.Kubeconfigs;
import dev.gatehouse.controller.testing.MockCluster;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
                    nginx.ingress.kubernetes.io/proxy-ssl-verify: "on"
                    nginx.ingress.kubernetes.io/preserve-trailing-slash: "true"
                    nginx.ingress.kubernetes.io/proxy-request-buffering: "off"
                    nginx.ingress.kubernetes.io/load-balance: "ewma"
                    nginx.ingress.kubernetes.io/proxy-read-timout: "9"
                    kubernetes.io/ingress.class: nginx
                spec:
                  rules:
                  - host: shop.example
                """);
        Output result = run("migrate-check", directory.toString());

        assertThat(result.code()).isZero();
        assertThat(result.lines())
                .contains("team-a/shop nginx.ingress.kubernetes.io/proxy-read-timeout honoured how long the upstream may stay "
                                + "silent while a response is due",
                        "team-a/shop nginx.ingress.kubernetes.io/configuration-snippet refused refused: it injects proxy "
                                + "configuration text, and Gatehouse has none",
                        "team-a/shop nginx.ingress.kubernetes.io/proxy-ssl-verify not yet not read yet: the Ingress is not served, rather "
                                + "than served without it",
                        "team-a/shop nginx.ingress.kubernetes.io/preserve-trailing-slash not yet not read yet: the Ingress is served "
                                + "without it",
                        "team-a/shop nginx.ingress.kubernetes.io/proxy-request-buffering honoured on: the request body is read "
                                + "completely before an upstream is chosen and connected (a chunked one then goes up with "
                                + "Content-Length, without trailers); off: it streams up as it comes; gRPC bodies always stream",
                        "team-a/shop nginx.ingress.kubernetes.io/load-balance approx. how an endpoint is picked; ewma becomes "
                                + "least-request (the less loaded of two endpoints picked at random)",
                        "team-a/shop nginx.ingress.kubernetes.io/proxy-read-timout unknown ignored (did you mean "
                                + "nginx.ingress.kubernetes.io/proxy-read-timeout?)",
                        "1 Ingresses: 2 annotations honoured, 1 approximated, 2 not read yet, 1 refused, 1 unknown; 0 values not used "
                                + "as written; 1 Ingresses would not be served until what they ask for access control is read")
                .noneMatch(line -> line.contains("kubernetes.io/ingress.class"));
    }

    @Test
    void values_gatehouse_would_not_use_as_written_are_listed_with_what_it_expected() throws IOException {
        Files.writeString(directory.resolve("ingresses.yaml"), """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: shop
                  namespace: team-a
                  annotations:
                    nginx.ingress.kubernetes.io/proxy-read-timeout: "two minutes"
                    nginx.ingress.kubernetes.io/proxy-connect-timeout: "10"
                    nginx.ingress.kubernetes.io/auth-type: basic
                    nginx.ingress.kubernetes.io/auth-secret: shop-users
                spec:
                  rules:
                  - host: shop.example
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: blog
                  namespace: team-a
                  annotations:
                    nginx.ingress.kubernetes.io/auth-type: basic
                    nginx.ingress.kubernetes.io/auth-secret: blog-users
                spec:
                  rules:
                  - host: blog.example
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: blog-users
                  namespace: team-a
                stringData:
                  auth: "editor:$apr1$3Lx0nHF1$yYV3gZ5C/36aOSQuA/fyb."
                """);

        Output result = run("migrate-check", directory.toString());

        assertThat(result.code()).isZero();
        assertThat(result.lines())
                .contains("team-a/shop nginx.ingress.kubernetes.io/proxy-read-timeout invalid \"two minutes\" is not a number "
                                + "of seconds (expected a positive integer such as 60, or a duration such as 500ms); using the default",
                        "team-a/shop nginx.ingress.kubernetes.io/auth-secret invalid \"shop-users\" names Secret team-a/shop-users, "
                                + "which does not exist; every request is answered 503 until it is fixed",
                        "2 Ingresses: 6 annotations honoured, 0 approximated, 0 not read yet, 0 refused, 0 unknown; 2 values not used "
                                + "as written; 0 Ingresses would not be served until what they ask for access control is read")
                .noneMatch(line -> line.contains("team-a/blog") && line.contains("invalid"))
                .noneMatch(line -> line.contains("proxy-connect-timeout invalid"))
                .noneMatch(line -> line.contains("$apr1$"));
    }

    @Test
    void client_certificate_keys_are_honoured_and_a_secret_or_mode_that_cannot_be_used_is_listed() throws IOException {
        Files.writeString(directory.resolve("ingresses.yaml"), """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: shop
                  namespace: team-a
                  annotations:
                    nginx.ingress.kubernetes.io/auth-tls-secret: team-a/client-ca
                    nginx.ingress.kubernetes.io/auth-tls-verify-client: "sometimes"
                spec:
                  tls:
                  - hosts: [shop.example]
                    secretName: shop-tls
                  rules:
                  - host: shop.example
                """);

        Output result = run("migrate-check", directory.toString());

        assertThat(result.code()).isZero();
        assertThat(result.lines())
                .anyMatch(line -> line.startsWith("team-a/shop nginx.ingress.kubernetes.io/auth-tls-verify-client honoured "))
                .contains("team-a/shop nginx.ingress.kubernetes.io/auth-tls-secret invalid \"team-a/client-ca\" names Secret "
                        + "team-a/client-ca, which does not exist (expected one with ca.crt); every request of the Ingress is "
                        + "answered 503 until it is fixed")
                .noneMatch(line -> line.contains("not yet") && line.contains("auth-tls"));
    }

    @Test
    void a_cluster_is_checked_with_the_secrets_its_ingresses_name() throws Exception {
        try (MockCluster cluster = MockCluster.start()) {
            Ingress shop = MockCluster.ingress("team-a", "shop", "shop.example", "/", "web");
            shop.getMetadata().setAnnotations(Map.of("nginx.ingress.kubernetes.io/auth-type", "basic",
                    "nginx.ingress.kubernetes.io/auth-secret", "shop-users"));
            cluster.admin().resource(shop).create();
            Ingress blog = MockCluster.ingress("team-a", "blog", "blog.example", "/", "web");
            blog.getMetadata().setAnnotations(Map.of("nginx.ingress.kubernetes.io/auth-type", "basic",
                    "nginx.ingress.kubernetes.io/auth-secret", "blog-users"));
            cluster.admin().resource(blog).create();
            cluster.admin().resource(new SecretBuilder().withNewMetadata().withName("blog-users").withNamespace("team-a").endMetadata()
                    .withStringData(Map.of("auth", "editor:$apr1$3Lx0nHF1$yYV3gZ5C/36aOSQuA/fyb.")).build()).create();
            Path kubeconfig = Kubeconfigs.write(directory, cluster.url());

            Output result = run("migrate-check", "--kubeconfig", kubeconfig.toString(), "--namespace", "team-a");

            assertThat(result.code()).isZero();
            assertThat(result.lines())
                    .contains("team-a/shop nginx.ingress.kubernetes.io/auth-secret invalid \"shop-users\" names Secret "
                            + "team-a/shop-users, which does not exist; every request is answered 503 until it is fixed")
                    .noneMatch(line -> line.contains("team-a/blog") && line.contains("invalid"))
                    .anyMatch(line -> line.startsWith("2 Ingresses: 4 annotations honoured"));
        }
    }

    private static Output run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Output(code, out.toString().lines().map(line -> line.replaceAll("\\s+", " ")).toList(), err.toString());
    }

    private record Output(int code, List<String> lines, String err) {
    }

    @Test
    void each_ingress_is_said_as_the_httproutes_it_would_be_and_printed_as_yaml_when_asked() throws IOException {
        Files.writeString(directory.resolve("ingresses.yaml"), """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: shop
                  namespace: team-a
                spec:
                  rules:
                  - host: shop.example
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: shop, port: {number: 80}}}}
                """);

        Output summary = run("migrate-check", directory.toString());
        Output yaml = run("migrate-check", "--httproutes", "--gateway", "edge", directory.toString());

        assertThat(summary.lines()).contains("team-a/shop would be HTTPRoute team-a/shop").noneMatch(line -> line.contains("kind:"));
        assertThat(String.join("\n", yaml.lines())).contains("kind: \"Gateway\"", "kind: \"HTTPRoute\"", "# from Ingress team-a/shop",
                "name: \"edge\"", "value: \"/\"");
    }

    @Test
    void without_a_directory_it_asks_which_namespaces_of_the_cluster_to_check() {
        Output result = run("migrate-check");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).startsWith("gatehouse migrate-check: Missing what to check (expected a DIR of manifests, "
                + "--all-namespaces or --namespace NAMESPACE)");
    }
}
