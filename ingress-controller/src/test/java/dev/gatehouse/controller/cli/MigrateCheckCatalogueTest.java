package dev.gatehouse.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalogue completeness: every annotation and every ConfigMap key of ingress-nginx v1.15's references (the checked-in
 * lists under {@code ingress-nginx/}) is known to {@code gatehouse migrate-check}, as honoured, approximated, not read
 * yet or refused, so that no one switching classes meets an "unknown".
 */
class MigrateCheckCatalogueTest {

    private static final Pattern KNOWN = Pattern.compile(" (honoured|approx\\.|not yet|refused) ");

    @TempDir
    Path directory;

    @Test
    void one_ingress_per_ingress_nginx_annotation_gives_no_unknown_row() throws IOException {
        List<String> names = names("annotations-v1.15.txt");
        Files.writeString(directory.resolve("ingresses.yaml"), names.stream().map(name -> """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: a-%s
                  namespace: shop
                  annotations:
                    nginx.ingress.kubernetes.io/%s: "1"
                spec:
                  rules:
                  - host: shop.example
                """.formatted(name, name)).collect(Collectors.joining("---\n")));

        List<String> lines = run("migrate-check", directory.toString());

        assertThat(names).hasSizeGreaterThan(130).allSatisfy(name -> assertThat(lines)
                .filteredOn(line -> line.startsWith("shop/a-" + name + " nginx.ingress.kubernetes.io/" + name + " ")
                        && !line.contains("/" + name + " invalid "))
                .singleElement().matches(line -> KNOWN.matcher(line).find(), "a known support"));
        assertThat(lines).noneMatch(line -> line.contains(" unknown "))
                .anyMatch(line -> line.startsWith(names.size() + " Ingresses: ") && line.contains(", 0 unknown;"));
    }

    @Test
    void a_configmap_holding_every_ingress_nginx_key_gives_no_unknown_row() throws IOException {
        List<String> keys = names("configmap-v1.15.txt");
        Files.writeString(directory.resolve("config.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: ingress-nginx-controller
                  namespace: ingress-nginx
                data:
                """ + keys.stream().map(key -> "  " + key + ": \"1\"\n").collect(Collectors.joining()));

        List<String> lines = run("migrate-check", directory.toString(), "--config", "ingress-nginx/ingress-nginx-controller");

        assertThat(keys).hasSizeGreaterThan(200).allSatisfy(key -> assertThat(lines)
                .filteredOn(line -> line.startsWith("configmap ingress-nginx/ingress-nginx-controller " + key + " "))
                .singleElement().matches(line -> KNOWN.matcher(line).find(), "a known support"));
        assertThat(lines).noneMatch(line -> line.contains(" unknown "))
                .anyMatch(line -> line.startsWith("configmap ingress-nginx/ingress-nginx-controller: ") && line.contains(", 0 unknown"));
    }

    @Test
    void a_configmap_key_nobody_knows_is_reported_unknown() throws IOException {
        Files.writeString(directory.resolve("config.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: config, namespace: gatehouse}
                data:
                  proxy-read-timout: "9"
                """);

        List<String> lines = run("migrate-check", directory.toString(), "--config", "gatehouse/config");

        assertThat(lines).contains("configmap gatehouse/config proxy-read-timout unknown not a key of ingress-nginx's ConfigMap that "
                        + "Gatehouse knows; ignored",
                "configmap gatehouse/config: 0 keys honoured, 0 approximated, 0 not read yet, 0 refused, 1 unknown");
    }

    private static List<String> names(String list) throws IOException {
        try (InputStream in = MigrateCheckCatalogueTest.class.getResourceAsStream("/ingress-nginx/" + list)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).map(String::trim).toList();
        }
    }

    private static List<String> run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        return out.toString().lines().map(line -> line.replaceAll("\\s+", " ")).toList();
    }
}
