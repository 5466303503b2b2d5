package dev.gatehouse.controller.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.view.ClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestDirectoryTest {

    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              ports:
              - port: 80
            """;

    @TempDir
    Path directory;

    @Test
    void every_document_of_every_yaml_yml_and_json_file_is_read() throws IOException {
        write("a.yaml", SERVICE + "---\n" + ingress("one") + "---\n");
        write("b.yml", ingress("two"));
        write("c.json", """
                {"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": {"name": "gatehouse"},
                 "spec": {"controller": "gatehouse.dev/ingress-controller"}}
                """);
        write("notes.txt", "not a manifest");

        ClusterView view = new ManifestDirectory(directory).load();

        assertThat(view.services()).extracting(s -> s.getMetadata().getName()).containsExactly("web");
        assertThat(view.ingresses()).extracting(i -> i.getMetadata().getName()).containsExactly("one", "two");
        assertThat(view.ingressClasses()).hasSize(1);
    }

    @Test
    void a_missing_namespace_defaults_to_default_and_a_list_is_unpacked() throws IOException {
        write("list.yaml", """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: Service
                  metadata: {name: a, namespace: shop}
                  spec: {ports: [{port: 80}]}
                - apiVersion: v1
                  kind: Service
                  metadata: {name: b}
                  spec: {ports: [{port: 80}]}
                """);

        ClusterView view = new ManifestDirectory(directory).load();

        assertThat(view.services()).extracting(s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName())
                .containsExactly("shop/a", "default/b");
    }

    @Test
    void kinds_gatehouse_does_not_read_are_skipped() throws IOException {
        write("deploy.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec: {replicas: 2}
                ---
                """ + SERVICE);

        ClusterView view = new ManifestDirectory(directory).load();

        assertThat(view.services()).hasSize(1);
        assertThat(new ManifestDirectory(directory).problems()).isEmpty();
    }

    @Test
    void a_yaml_syntax_error_is_reported_with_its_file_and_line() throws IOException {
        Path file = write("broken.yaml", SERVICE + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: x\n   bad: [\n");
        ManifestDirectory manifests = new ManifestDirectory(directory);

        manifests.load();

        assertThat(manifests.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo(file);
            assertThat(problem.line()).isEqualTo(13);
            assertThat(problem.toString()).isEqualTo(file + ":13: not valid YAML: mapping values are not allowed here");
        });
    }

    @Test
    void a_field_of_the_wrong_type_is_reported_with_the_field_and_its_line() throws IOException {
        Path file = write("typed.yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                spec:
                  ports: 7
                """);
        ManifestDirectory manifests = new ManifestDirectory(directory);

        manifests.load();

        assertThat(manifests.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(6);
            assertThat(problem.message()).startsWith("Service \"web\": spec.ports: Cannot deserialize value of type `ArrayList<ServicePort>`");
            assertThat(problem.file()).isEqualTo(file);
        });
    }

    @Test
    void an_ingress_of_a_retired_api_version_is_reported() throws IOException {
        write("old.yaml", """
                apiVersion: extensions/v1beta1
                kind: Ingress
                metadata: {name: old}
                spec: {}
                """);
        ManifestDirectory manifests = new ManifestDirectory(directory);

        manifests.load();

        assertThat(manifests.problems()).extracting(ManifestProblem::message)
                .containsExactly("Ingress apiVersion \"extensions/v1beta1\" is not served (expected networking.k8s.io/v1)");
    }

    @Test
    void a_file_that_stops_parsing_keeps_serving_its_last_good_objects() throws IOException {
        write("web.yaml", SERVICE + "---\n" + ingress("web"));
        ManifestDirectory manifests = new ManifestDirectory(directory);
        assertThat(manifests.load().ingresses()).hasSize(1);

        write("web.yaml", SERVICE + "---\n" + ingress("web") + "  oops: [\n");
        ClusterView afterBreak = manifests.load();

        assertThat(afterBreak.ingresses()).extracting(i -> i.getMetadata().getName()).containsExactly("web");
        assertThat(manifests.problems()).hasSize(1);

        write("web.yaml", SERVICE);
        ClusterView afterFix = manifests.load();

        assertThat(afterFix.ingresses()).isEmpty();
        assertThat(manifests.problems()).isEmpty();
    }

    @Test
    void a_deleted_file_takes_its_objects_with_it() throws IOException {
        Path file = write("web.yaml", ingress("web"));
        ManifestDirectory manifests = new ManifestDirectory(directory);
        assertThat(manifests.load().ingresses()).hasSize(1);

        Files.delete(file);

        assertThat(manifests.load().ingresses()).isEmpty();
    }

    @Test
    void hidden_files_are_skipped() throws IOException {
        write(".web.yaml.swp", ingress("swap"));
        write("..data.yaml", ingress("configmap-volume"));

        assertThat(new ManifestDirectory(directory).load().ingresses()).isEmpty();
    }

    @Test
    void an_object_defined_twice_is_used_once_and_reported() throws IOException {
        write("a.yaml", ingress("web"));
        write("b.yaml", ingress("web").replace("path: /", "path: /second"));
        ManifestDirectory manifests = new ManifestDirectory(directory);

        ClusterView view = manifests.load();

        assertThat(view.ingresses()).singleElement().extracting(HasMetadata::getMetadata)
                .satisfies(meta -> assertThat(meta.getName()).isEqualTo("web"));
        assertThat(view.ingresses().get(0).getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath()).isEqualTo("/");
        assertThat(manifests.problems()).extracting(ManifestProblem::message).containsExactly(
                "Ingress default/web is defined more than once (expected each object in one document only; "
                        + "the first one, in file name order, is used)");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content);
    }

    @Test
    void a_file_emptied_to_zero_bytes_keeps_its_objects_until_it_is_written_again_or_deleted() throws IOException {
        write("services.yaml", SERVICE);
        ManifestDirectory manifests = new ManifestDirectory(directory);
        manifests.load();

        write("services.yaml", "");
        assertThat(manifests.load().services()).extracting(s -> s.getMetadata().getName()).containsExactly("web");
        assertThat(manifests.problems()).isEmpty();

        write("services.yaml", SERVICE.replace("name: web", "name: shop"));
        assertThat(manifests.load().services()).extracting(s -> s.getMetadata().getName()).containsExactly("shop");

        Files.delete(directory.resolve("services.yaml"));
        assertThat(manifests.load().services()).isEmpty();
    }

    private static String ingress(String name) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: %s
                spec:
                  rules:
                  - host: web.example
                    http:
                      paths:
                      - path: /
                        pathType: Prefix
                        backend: {service: {name: web, port: {number: 80}}}
                """.formatted(name);
    }
}
