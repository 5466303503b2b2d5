package dev.gatehouse.controller.translate;

import static dev.gatehouse.controller.testing.Manifests.ingress;
import static dev.gatehouse.controller.testing.Manifests.service;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.Endpoint;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.TlsBinding;
import dev.gatehouse.tls.testing.TestCertificates.Issued;
import dev.gatehouse.tls.testing.TestCertificates.KeyType;
import dev.gatehouse.tls.testing.TestCertificates;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngressTranslatorTest {

    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "class name gatehouse without an IngressClass object      | spec.ingressClassName: gatehouse                  | true",
            "class name of an IngressClass with our controller        | spec.ingressClassName: mine                       | true",
            "class name of an IngressClass of another controller      | spec.ingressClassName: theirs                     | false",
            "class name nobody defines                                | spec.ingressClassName: nginx                      | false",
            "legacy annotation equal to our class                     | annotation: gatehouse                             | true",
            "legacy annotation of another class                       | annotation: nginx                                 | false",
            "annotation wins over the class name                      | annotation: nginx + spec.ingressClassName: mine   | false",
            "no class while none of our classes is the default        | none                                              | false",
    })
    void an_ingress_is_ours_by_its_class(String description, String classing, boolean ours) {
        ClusterView world = view(service("web", 80, "10.0.0.1", 8080), ingressClasses(false), classed(classing));

        Translation translation = translator.translate(world);

        assertThat(translation.snapshot().virtualHosts()).hasSize(ours ? 1 : 0);
    }

    @Test
    void a_class_less_ingress_is_ours_when_one_of_our_ingress_classes_is_the_default() {
        ClusterView world = view(service("web", 80, "10.0.0.1", 8080), ingressClasses(true), classed("none"));

        assertThat(translator.translate(world).snapshot().virtualHosts()).hasSize(1);
    }

    @Test
    void a_class_less_ingress_is_not_ours_when_the_default_class_belongs_to_another_controller() {
        String theirsDefault = """
                apiVersion: networking.k8s.io/v1
                kind: IngressClass
                metadata:
                  name: theirs
                  annotations:
                    ingressclass.kubernetes.io/is-default-class: "true"
                spec:
                  controller: k8s.io/ingress-nginx
                """;
        ClusterView world = view(service("web", 80, "10.0.0.1", 8080), theirsDefault, classed("none"));

        assertThat(translator.translate(world).snapshot().virtualHosts()).isEmpty();
    }

    @Test
    void a_backend_resolves_to_the_ready_endpoints_of_the_named_service_port() {
        ClusterView world = view("""
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  ports:
                  - {name: http, port: 80}
                  - {name: admin, port: 9000}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: web-1
                  labels: {kubernetes.io/service-name: web}
                addressType: IPv4
                ports:
                - {name: http, port: 8080}
                - {name: admin, port: 9001}
                endpoints:
                - addresses: ["10.0.0.1"]
                  conditions: {ready: true}
                - addresses: ["10.0.0.2"]
                  conditions: {ready: false}
                - addresses: ["10.0.0.3"]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: web-2
                  labels: {kubernetes.io/service-name: web}
                addressType: IPv4
                ports:
                - {name: http, port: 8080}
                endpoints:
                - addresses: ["10.0.1.1"]
                """, ingress("web", "web.example", "Prefix", "/", "web", 80));

        RoutingSnapshot snapshot = translator.translate(world).snapshot();

        assertThat(snapshot.cluster(new ClusterName("default", "web", "80")).endpoints()).containsExactly(
                Endpoint.of("10.0.0.1", 8080), Endpoint.of("10.0.0.3", 8080), Endpoint.of("10.0.1.1", 8080));
    }

    @Test
    void a_backend_port_may_be_named_and_resolves_to_the_same_cluster_as_its_number() {
        ClusterView world = view(service("web", 80, "10.0.0.1", 8080), """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web}
                spec:
                  ingressClassName: gatehouse
                  rules:
                  - host: web.example
                    http:
                      paths:
                      - {path: /a, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
                      - {path: /b, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                """);

        RoutingSnapshot snapshot = translator.translate(world).snapshot();

        assertThat(snapshot.clusters()).extracting(Cluster::name).containsExactly(new ClusterName("default", "web", "80"));
    }

    @Test
    void a_service_without_endpoint_slices_falls_back_to_its_endpoints_object() {
        ClusterView world = view("""
                apiVersion: v1
                kind: Service
                metadata: {name: legacy}
                spec:
                  ports:
                  - {port: 80}
                ---
                apiVersion: v1
                kind: Endpoints
                metadata: {name: legacy}
                subsets:
                - addresses:
                  - ip: 10.1.0.1
                  - ip: 10.1.0.2
                  notReadyAddresses:
                  - ip: 10.1.0.3
                  ports:
                  - port: 8081
                """, ingress("legacy", "legacy.example", "Prefix", "/", "legacy", 80));

        RoutingSnapshot snapshot = translator.translate(world).snapshot();

        assertThat(snapshot.cluster(new ClusterName("default", "legacy", "80")).endpoints())
                .containsExactly(Endpoint.of("10.1.0.1", 8081), Endpoint.of("10.1.0.2", 8081));
    }

    @Test
    void an_external_name_service_resolves_to_its_name() {
        ClusterView world = view("""
                apiVersion: v1
                kind: Service
                metadata: {name: outside}
                spec:
                  type: ExternalName
                  externalName: api.partner.example
                  ports:
                  - {port: 443, targetPort: 8443}
                """, ingress("outside", "outside.example", "Prefix", "/", "outside", 443));

        assertThat(translator.translate(world).snapshot().cluster(new ClusterName("default", "outside", "443")).endpoints())
                .containsExactly(Endpoint.of("api.partner.example", 8443));
    }

    @Test
    void the_oldest_ingress_keeps_a_contested_host_path_and_type_and_the_newer_one_is_reported() {
        ClusterView world = view(service("old", 80, "10.0.0.1", 8080), service("new", 80, "10.0.0.2", 8080),
                aged(ingress("newer", "shop.example", "Prefix", "/", "new", 80), "2026-05-01T00:00:00Z"),
                aged(ingress("older", "shop.example", "Prefix", "/", "old", 80), "2025-01-01T00:00:00Z"));

        Translation translation = translator.translate(world);

        assertThat(serviceOf(translation.snapshot().router().find("shop.example", "/"))).isEqualTo("old");
        assertThat(translation.warnings()).extracting(Warning::reason, Warning::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Warning.RULE_CONFLICT, "ingress default/newer: spec.rules[0].http.paths[0]: "
                        + "host \"shop.example\" path Prefix / is already routed by ingress default/older, which is older "
                        + "(expected each host, path and pathType in one rule only; the oldest wins)"));
    }

    @Test
    void ingresses_without_creation_times_are_ordered_by_namespace_and_name() {
        ClusterView world = view(service("a", 80, "10.0.0.1", 8080), service("b", 80, "10.0.0.2", 8080),
                ingress("zeta", "shop.example", "Exact", "/", "b", 80),
                ingress("alpha", "shop.example", "Exact", "/", "a", 80));

        assertThat(serviceOf(translator.translate(world).snapshot().router().find("shop.example", "/"))).isEqualTo("a");
    }

    @Test
    void several_ingresses_on_one_host_merge_into_one_virtual_host() {
        ClusterView world = view(service("a", 80, "10.0.0.1", 8080), service("b", 80, "10.0.0.2", 8080),
                ingress("first", "shop.example", "Prefix", "/a", "a", 80),
                ingress("second", "shop.example", "Prefix", "/b", "b", 80));

        RoutingSnapshot snapshot = translator.translate(world).snapshot();

        assertThat(snapshot.virtualHosts()).singleElement().satisfies(host -> assertThat(host.routes()).hasSize(2));
        assertThat(serviceOf(snapshot.router().find("shop.example", "/b/x"))).isEqualTo("b");
    }

    @Test
    void the_oldest_default_backend_wins() {
        ClusterView world = view(service("a", 80, "10.0.0.1", 8080), service("b", 80, "10.0.0.2", 8080),
                aged(defaultBackend("second", "b"), "2026-01-01T00:00:00Z"),
                aged(defaultBackend("first", "a"), "2025-01-01T00:00:00Z"));

        Translation translation = translator.translate(world);

        assertThat(serviceOf(translation.snapshot().fallback())).isEqualTo("a");
        assertThat(translation.warnings()).extracting(Warning::message).containsExactly(
                "ingress default/second: spec.defaultBackend is ignored: ingress default/first, which is older, "
                        + "already sets the default backend (expected one default backend)");
    }

    @Test
    void translation_is_deterministic_whatever_the_order_of_the_view() {
        String a = ingress("a", "a.example", "Prefix", "/", "web", 80);
        String b = ingress("b", "b.example", "Exact", "/x", "web", 80);
        String c = ingress("c", "*.c.example", "Prefix", "/", "web", 80);
        String web = service("web", 80, "10.0.0.1", 8080);

        RoutingSnapshot one = translator.translate(view(web, a, b, c)).snapshot();
        RoutingSnapshot two = translator.translate(view(c, b, web, a)).snapshot();

        assertThat(two).isEqualTo(one);
    }

    /** Every way a rule can be rejected, with the exact message an operator reads. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "host is an IP address      | Prefix | /     | 10.0.0.1     | web     | 80  | InvalidHost | ingress default/bad: spec.rules[0].host: host \"10.0.0.1\" must be a DNS name, not an IP address",
            "wildcard in the middle     | Prefix | /     | a.*.example  | web     | 80  | InvalidHost | ingress default/bad: spec.rules[0].host: host \"a.*.example\" a wildcard must be the whole first label (expected e.g. *.example.com)",
            "host with an underscore    | Prefix | /     | a_b.example  | web     | 80  | InvalidHost | ingress default/bad: spec.rules[0].host: host \"a_b.example\" must be a DNS name (expected dot-separated labels of letters, digits and '-', each starting and ending with a letter or digit)",
            "relative path              | Prefix | foo   | bad.example  | web     | 80  | InvalidPath | ingress default/bad: spec.rules[0].http.paths[0]: path \"foo\" must start with \"/\"",
            "path with a space          | Exact  | /a b  | bad.example  | web     | 80  | InvalidPath | ingress default/bad: spec.rules[0].http.paths[0]: path \"/a b\" must not contain spaces or control characters",
            "path with a double slash   | Prefix | /a//b | bad.example  | web     | 80  | InvalidPath | ingress default/bad: spec.rules[0].http.paths[0]: path \"/a//b\" must not contain \"//\"",
            "path with a dot segment    | Exact  | /a/.. | bad.example  | web     | 80  | InvalidPath | ingress default/bad: spec.rules[0].http.paths[0]: path \"/a/..\" must not end with \"/..\"",
            "encoded slash              | Prefix | /a%2Fb| bad.example  | web     | 80  | InvalidPath | ingress default/bad: spec.rules[0].http.paths[0]: path \"/a%2Fb\" must not contain \"%2F\"",
            "unknown path type          | Regex  | /a    | bad.example  | web     | 80  | InvalidPath | ingress default/bad: spec.rules[0].http.paths[0]: pathType \"Regex\" is not one of Exact, Prefix or ImplementationSpecific",
            "missing service            | Prefix | /     | bad.example  | nothing | 80  | ServiceNotFound | ingress default/bad: spec.rules[0].http.paths[0].backend.service.name: service \"nothing\" not found in namespace default (expected an existing Service; requests to this backend are answered 503)",
            "missing service port       | Prefix | /     | bad.example  | web     | 81  | ServicePortNotFound | ingress default/bad: spec.rules[0].http.paths[0].backend.service.port: service default/web has no port 81 (expected one of 80/http; requests to this backend are answered 503)",
    })
    void an_invalid_rule_is_skipped_with_a_warning_naming_the_object_field_value_and_expectation(
            String description, String pathType, String path, String host, String service, int port, String reason, String message) {
        ClusterView world = view(service("web", 80, "10.0.0.1", 8080), ingress("bad", host, pathType, path, service, port),
                ingress("good", "good.example", "Prefix", "/", "web", 80));

        Translation translation = translator.translate(world);

        assertThat(translation.warnings()).extracting(Warning::reason, Warning::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(reason, message));
        assertThat(serviceOf(translation.snapshot().router().find("good.example", "/"))).isEqualTo("web");
    }

    @Test
    void a_missing_path_type_a_resource_backend_and_a_missing_port_are_each_reported() {
        ClusterView world = view(service("web", 80, "10.0.0.1", 8080), """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: odd}
                spec:
                  ingressClassName: gatehouse
                  rules:
                  - host: odd.example
                    http:
                      paths:
                      - path: /no-type
                        backend: {service: {name: web, port: {number: 80}}}
                      - path: /bucket
                        pathType: Prefix
                        backend:
                          resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: static-assets}
                      - path: /no-port
                        pathType: Prefix
                        backend: {service: {name: web}}
                      - path: /fine
                        pathType: Prefix
                        backend: {service: {name: web, port: {number: 80}}}
                """);

        Translation translation = translator.translate(world);

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly(
                "ingress default/odd: spec.rules[0].http.paths[0]: pathType is missing (expected Exact, Prefix or ImplementationSpecific)",
                "ingress default/odd: spec.rules[0].http.paths[1].backend.resource: resource backend StorageBucket \"static-assets\" is not supported (expected a service backend)",
                "ingress default/odd: spec.rules[0].http.paths[2].backend.service.port is missing (expected a port number or a port name)");
        assertThat(translation.snapshot().virtualHosts()).singleElement()
                .satisfies(host -> assertThat(host.routes()).extracting(Route::name).containsExactly("default/odd Prefix /fine"));
    }

    @Test
    void an_implementation_specific_path_is_a_prefix_and_an_empty_one_is_the_root() {
        ClusterView world = view(service("web", 80, "10.0.0.1", 8080), """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: impl}
                spec:
                  ingressClassName: gatehouse
                  rules:
                  - host: impl.example
                    http:
                      paths:
                      - {path: /docs, pathType: ImplementationSpecific, backend: {service: {name: web, port: {number: 80}}}}
                  - host: root.example
                    http:
                      paths:
                      - {pathType: ImplementationSpecific, backend: {service: {name: web, port: {number: 80}}}}
                """);

        RoutingSnapshot snapshot = translator.translate(world).snapshot();

        assertThat(serviceOf(snapshot.router().find("impl.example", "/docs/intro"))).isEqualTo("web");
        assertThat(snapshot.router().find("impl.example", "/docsx").action()).isInstanceOf(RouteAction.DirectResponse.class);
        assertThat(serviceOf(snapshot.router().find("root.example", "/anything"))).isEqualTo("web");
    }

    @Test
    void an_endpoint_slice_without_the_service_port_name_is_reported() {
        ClusterView world = view("""
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  ports:
                  - {name: http, port: 80}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: web-x
                  labels: {kubernetes.io/service-name: web}
                addressType: IPv4
                ports:
                - port: 8080
                endpoints:
                - addresses: ["10.0.0.1"]
                """, ingress("web", "web.example", "Prefix", "/", "web", 80));

        Translation translation = translator.translate(world);

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly(
                "ingress default/web: endpointslice default/web-x has no port named \"http\" "
                        + "(expected the name of the Service port, \"\" when the Service port has no name)");
        assertThat(translation.snapshot().cluster(new ClusterName("default", "web", "80")).endpoints()).isEmpty();
    }

    private static final Issued CA = TestCertificates.ca("Test CA");
    private static final Issued SHOP = TestCertificates.issue(CA, KeyType.EC, "shop.example", "*.shop.example");

    @Test
    void a_tls_entry_with_a_valid_secret_binds_its_hosts_to_the_certificate() {
        Translation translation = translateTls(tlsSecret("web-tls", "kubernetes.io/tls", SHOP.certificatePem(), SHOP.pkcs8()),
                "[shop.example, \"*.shop.example\"]");

        assertThat(translation.warnings()).isEmpty();
        assertThat(translation.snapshot().tls()).extracting(binding -> binding.host().toString(), TlsBinding::secret)
                .containsExactly(tuple("shop.example", "default/web-tls"), tuple("*.shop.example", "default/web-tls"));
        assertThat(translation.snapshot().certificateFor("shop.example").hosts()).containsExactly("shop.example", "*.shop.example");
        assertThat(translation.snapshot().certificateFor("api.shop.example")).isEqualTo(translation.snapshot().certificateFor("shop.example"));
        assertThat(translation.snapshot().certificateFor("other.example")).isNull();
    }

    @Test
    void a_tls_entry_naming_a_missing_or_unusable_secret_is_reported_and_binds_nothing() {
        Issued other = TestCertificates.issue(CA, KeyType.EC, "shop.example");
        Issued expired = TestCertificates.issue(CA, KeyType.EC, Instant.now().minus(Duration.ofDays(9)),
                Instant.now().minus(Duration.ofDays(1)), "shop.example");
        String prefix = "ingress default/web: spec.tls[0].secretName: ";

        assertThat(tlsProblem("")).containsExactly(tuple(Warning.TLS_SECRET_NOT_FOUND, prefix
                + "secret \"web-tls\" not found in namespace default (expected a Secret of type kubernetes.io/tls)"));
        assertThat(tlsProblem(tlsSecret("web-tls", "Opaque", SHOP.certificatePem(), SHOP.pkcs8()))).containsExactly(tuple(
                Warning.INVALID_TLS_SECRET, prefix + "secret default/web-tls has type \"Opaque\" (expected kubernetes.io/tls)"));
        assertThat(tlsProblem(tlsSecret("web-tls", "kubernetes.io/tls", SHOP.certificatePem(), ""))).containsExactly(tuple(
                Warning.INVALID_TLS_SECRET, prefix + "secret default/web-tls: tls.key holds no private key (expected a PRIVATE KEY, "
                        + "RSA PRIVATE KEY or EC PRIVATE KEY block)"));
        assertThat(tlsProblem(tlsSecret("web-tls", "kubernetes.io/tls", "hello", SHOP.pkcs8()))).containsExactly(tuple(
                Warning.INVALID_TLS_SECRET, prefix + "secret default/web-tls: tls.crt holds no certificate (expected one or more "
                        + "PEM CERTIFICATE blocks)"));
        assertThat(tlsProblem(tlsSecret("web-tls", "kubernetes.io/tls", SHOP.certificatePem(), other.pkcs8()))).containsExactly(tuple(
                Warning.INVALID_TLS_SECRET, prefix + "secret default/web-tls: tls.key does not belong to any certificate in tls.crt "
                        + "(expected the private key of the server certificate)"));
        assertThat(tlsProblem(tlsSecret("web-tls", "kubernetes.io/tls", expired.certificatePem(), expired.pkcs8())))
                .singleElement().satisfies(warning -> assertThat(warning.toList().get(1).toString())
                        .startsWith(prefix + "secret default/web-tls: the certificate for shop.example expired at "));
    }

    @Test
    void a_tls_host_bound_by_an_older_ingress_keeps_its_certificate() {
        Issued newer = TestCertificates.issue(CA, KeyType.EC, "shop.example");
        String older = aged(ingress("older", "shop.example", "Prefix", "/", "web", 80), "2025-01-01T00:00:00Z")
                .replaceFirst("spec:\n", "spec:\n  tls:\n  - hosts: [shop.example]\n    secretName: old-tls\n");
        String newest = aged(ingress("newer", "shop.example", "Prefix", "/api", "web", 80), "2026-01-01T00:00:00Z")
                .replaceFirst("spec:\n", "spec:\n  tls:\n  - hosts: [shop.example]\n    secretName: new-tls\n");
        ClusterView world = view(service("web", 80, "10.0.0.1", 8080), older, newest,
                tlsSecret("old-tls", "kubernetes.io/tls", SHOP.certificatePem(), SHOP.pkcs8()),
                tlsSecret("new-tls", "kubernetes.io/tls", newer.certificatePem(), newer.pkcs8()));

        Translation translation = translator.translate(world);

        assertThat(translation.snapshot().tls()).extracting(TlsBinding::secret).containsExactly("default/old-tls");
        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("ingress default/newer: "
                + "spec.tls[0].hosts[0]: host \"shop.example\" already has a certificate from ingress default/older, which is "
                + "older (expected one TLS Secret per host; the oldest wins)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a host with TLS redirects and gets HSTS                | shop.example | none                               | true  | true",
            "a host covered by a wildcard TLS entry does too         | www.shop.example | none                           | true  | true",
            "a host without TLS neither                             | other.example | none                              | false | false",
            "ssl-redirect false keeps plain HTTP, HSTS stays        | shop.example | gatehouse.dev/ssl-redirect: 'false' | false | true",
            "the ingress-nginx key works the same                   | shop.example | nginx.ingress.kubernetes.io/ssl-redirect: 'false' | false | true",
            "force-ssl-redirect redirects a host without TLS        | other.example | nginx.ingress.kubernetes.io/force-ssl-redirect: 'true' | true | false",
    })
    void hosts_with_tls_redirect_to_https_and_send_hsts_unless_an_annotation_says_otherwise(
            String description, String host, String annotation, boolean redirect, boolean hsts) {
        String web = ingress("web", host, "Prefix", "/", "web", 80)
                .replaceFirst("spec:\n", "spec:\n  tls:\n  - hosts: [shop.example, \"*.shop.example\"]\n    secretName: web-tls\n");
        if (!annotation.equals("none")) {
            web = web.replaceFirst("metadata:\n", "metadata:\n  annotations:\n    " + annotation.replace('\'', '"') + "\n");
        }
        Translation translation = translator.translate(view(service("web", 80, "10.0.0.1", 8080), web,
                tlsSecret("web-tls", "kubernetes.io/tls", SHOP.certificatePem(), SHOP.pkcs8())));

        RouteAction.Forward forward = (RouteAction.Forward) translation.snapshot().router().find(host, "/").action();
        assertThat(forward.policy().redirectToHttps()).isEqualTo(redirect);
        assertThat(forward.policy().strictTransportSecurity()).isEqualTo(hsts ? "max-age=31536000; includeSubDomains" : null);
        assertThat(translation.warnings()).isEmpty();
    }

    @Test
    void an_ssl_redirect_annotation_that_is_not_a_boolean_is_reported_and_the_default_kept() {
        String web = ingress("web", "shop.example", "Prefix", "/", "web", 80)
                .replaceFirst("metadata:\n", "metadata:\n  annotations:\n    gatehouse.dev/ssl-redirect: \"yes\"\n");

        Translation translation = translator.translate(view(service("web", 80, "10.0.0.1", 8080), web));

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("ingress default/web: annotation "
                + "gatehouse.dev/ssl-redirect: \"yes\" is not a boolean (expected \"true\" or \"false\"; using true)");
    }

    @Test
    void the_default_certificate_comes_from_the_secret_named_by_the_setting() {
        IngressTranslator withDefault = new IngressTranslator(new TranslatorSettings("gatehouse", "gatehouse.dev/ingress-controller",
                null, "default/fallback-tls"));
        ClusterView world = view(service("web", 80, "10.0.0.1", 8080), ingress("web", "shop.example", "Prefix", "/", "web", 80),
                tlsSecret("fallback-tls", "kubernetes.io/tls", SHOP.certificatePem(), SHOP.pkcs8()));

        Translation translation = withDefault.translate(world);

        assertThat(translation.warnings()).isEmpty();
        assertThat(translation.snapshot().defaultCertificate().hosts()).containsExactly("shop.example", "*.shop.example");
        assertThat(withDefault.translate(view(service("web", 80, "10.0.0.1", 8080))).warnings())
                .extracting(Warning::reason, Warning::message).containsExactly(tuple(Warning.TLS_SECRET_NOT_FOUND,
                        "--default-certificate default/fallback-tls: secret not found (expected a Secret of type kubernetes.io/tls "
                                + "in a watched namespace; the generated default certificate is served)"));
    }

    @Test
    void a_certificate_that_expires_drops_out_at_the_next_translation() {
        java.time.Instant expiry = SHOP.certificate().getNotAfter().toInstant();
        ClusterView world = view(service("web", 80, "10.0.0.1", 8080),
                ingress("web", "shop.example", "Prefix", "/", "web", 80)
                        .replaceFirst("spec:\n", "spec:\n  tls:\n  - hosts: [shop.example]\n    secretName: web-tls\n"),
                tlsSecret("web-tls", "kubernetes.io/tls", SHOP.certificatePem(), SHOP.pkcs8()));
        IngressTranslator before = new IngressTranslator(TranslatorSettings.defaults(),
                java.time.Clock.fixed(expiry.minusSeconds(60), java.time.ZoneOffset.UTC));
        IngressTranslator after = new IngressTranslator(TranslatorSettings.defaults(),
                java.time.Clock.fixed(expiry.plusSeconds(60), java.time.ZoneOffset.UTC));

        assertThat(before.translate(world).snapshot().tls()).hasSize(1);
        Translation expired = after.translate(world);
        assertThat(expired.snapshot().tls()).isEmpty();
        assertThat(expired.warnings()).extracting(Warning::reason).containsExactly(Warning.INVALID_TLS_SECRET);
    }

    private java.util.List<org.assertj.core.groups.Tuple> tlsProblem(String secret) {
        Translation translation = translateTls(secret, "[shop.example]");
        assertThat(translation.snapshot().tls()).isEmpty();
        assertThat(translation.snapshot().router().find("shop.example", "/").action()).isInstanceOf(RouteAction.Forward.class);
        return translation.warnings().stream().map(w -> tuple(w.reason(), w.message())).toList();
    }

    private Translation translateTls(String secret, String hosts) {
        String web = ingress("web", "shop.example", "Prefix", "/", "web", 80)
                .replaceFirst("spec:\n", "spec:\n  tls:\n  - hosts: " + hosts + "\n    secretName: web-tls\n");
        return translator.translate(secret.isEmpty() ? view(service("web", 80, "10.0.0.1", 8080), web)
                : view(service("web", 80, "10.0.0.1", 8080), web, secret));
    }

    private static String tlsSecret(String name, String type, String crt, String key) {
        return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name + "\ntype: " + type + "\nstringData:\n"
                + "  tls.crt: " + block(crt) + "  tls.key: " + block(key);
    }

    private static String block(String text) {
        if (text.isEmpty()) {
            return "\"\"\n";
        }
        return "|\n" + text.lines().map(line -> "    " + line + "\n").collect(java.util.stream.Collectors.joining());
    }

    private static String serviceOf(Route route) {
        return route.action() instanceof RouteAction.Forward forward ? forward.cluster().service() : "direct " + route.action();
    }

    private static String ingressClasses(boolean mineIsDefault) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: IngressClass
                metadata:
                  name: mine
                  annotations:
                    ingressclass.kubernetes.io/is-default-class: "%s"
                spec:
                  controller: gatehouse.dev/ingress-controller
                ---
                apiVersion: networking.k8s.io/v1
                kind: IngressClass
                metadata:
                  name: theirs
                spec:
                  controller: k8s.io/ingress-nginx
                """.formatted(mineIsDefault);
    }

    private static String classed(String classing) {
        String annotation = "";
        String className = "";
        for (String part : classing.split(" \\+ ")) {
            if (part.startsWith("annotation: ")) {
                annotation = "  annotations:\n    kubernetes.io/ingress.class: " + part.substring(12) + "\n";
            } else if (part.startsWith("spec.ingressClassName: ")) {
                className = "  ingressClassName: " + part.substring(23) + "\n";
            }
        }
        return "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: classed\n" + annotation
                + "spec:\n" + className + """
                  rules:
                  - host: classed.example
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                """;
    }

    private static String aged(String yaml, String created) {
        return yaml.replaceFirst("metadata:\n", "metadata:\n  creationTimestamp: \"" + created + "\"\n");
    }

    private static String defaultBackend(String name, String service) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: %s
                spec:
                  ingressClassName: gatehouse
                  defaultBackend:
                    service:
                      name: %s
                      port:
                        number: 80
                """.formatted(name, service);
    }
}
