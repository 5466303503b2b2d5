package dev.gatehouse.controller.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HttpRouteConversionTest {

    /** Two Services of one namespace, each with its own endpoint, and a third reached by a named port. */
    private static final String SERVICES = """
            apiVersion: v1
            kind: Service
            metadata: {name: shop, namespace: team-a}
            spec:
              ports: [{name: http, port: 80}]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: shop-1, namespace: team-a, labels: {kubernetes.io/service-name: shop}}
            addressType: IPv4
            ports: [{name: http, port: 8081}]
            endpoints: [{addresses: ["10.0.0.1"]}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: api, namespace: team-a}
            spec:
              ports: [{name: web, port: 8080}]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: api-1, namespace: team-a, labels: {kubernetes.io/service-name: api}}
            addressType: IPv4
            ports: [{name: web, port: 9090}]
            endpoints: [{addresses: ["10.0.0.2"]}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: fallback, namespace: team-a}
            spec:
              ports: [{name: http, port: 80}]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: fallback-1, namespace: team-a, labels: {kubernetes.io/service-name: fallback}}
            addressType: IPv4
            ports: [{name: http, port: 8083}]
            endpoints: [{addresses: ["10.0.0.3"]}]
            """;

    private static final String INGRESS = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: shop
              namespace: team-a
              annotations:
                nginx.ingress.kubernetes.io/proxy-read-timeout: "120"
            spec:
              ingressClassName: gatehouse
              defaultBackend:
                service: {name: fallback, port: {name: http}}
              tls:
              - hosts: [shop.example]
                secretName: shop-tls
              rules:
              - host: shop.example
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: shop, port: {number: 80}}}}
                  - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {name: web}}}}
                  - {path: /api/health, pathType: Exact, backend: {service: {name: shop, port: {name: http}}}}
              - host: "*.docs.example"
                http:
                  paths:
                  - {path: /v1, pathType: ImplementationSpecific, backend: {service: {name: api, port: {number: 8080}}}}
            """;

    @Test
    void theConvertedHttpRoutesSendEachRequestWhereTheIngressSendsIt() {
        List<HasMetadata> services = parse(SERVICES);
        Ingress ingress = (Ingress) parse(INGRESS).get(0);
        HttpRouteConversion conversion = HttpRouteConversion.of(ingress, services(services), "gatehouse");
        GatewayDrafts drafts = new GatewayDrafts("gatehouse", "gatehouse");
        drafts.add(ingress);

        List<HasMetadata> asIngress = new ArrayList<>(services);
        asIngress.add(ingress);
        List<HasMetadata> asGateway = new ArrayList<>(services);
        asGateway.add(new GatewayClassBuilder().withNewMetadata().withName("gatehouse").endMetadata()
                .withNewSpec().withControllerName("gatehouse.dev/gateway-controller").endSpec().build());
        asGateway.addAll(drafts.gateways());
        // printed and read back, as an operator applies them
        conversion.routes().forEach(route -> asGateway.add(parse(Serialization.asYaml(route)).get(0)));
        RoutingSnapshot ingressSnapshot = translate(asIngress);
        RoutingSnapshot gatewaySnapshot = translate(asGateway);

        for (String[] request : new String[][] {{"shop.example", "/"}, {"shop.example", "/cart"}, {"shop.example", "/api"},
                {"shop.example", "/api/orders"}, {"shop.example", "/api/health"}, {"shop.example", "/apiary"},
                {"a.docs.example", "/v1/guide"}, {"a.docs.example", "/v2"}, {"other.example", "/"}}) {
            assertThat(endpoints(gatewaySnapshot, request[0], request[1]))
                    .as("%s%s", request[0], request[1])
                    .isEqualTo(endpoints(ingressSnapshot, request[0], request[1]))
                    .isNotEmpty();
        }
        assertThat(conversion.routes()).extracting(route -> route.getMetadata().getName())
                .containsExactly("shop-shop-example", "shop-wildcard-docs-example", "shop-default");
    }

    @Test
    void whatDoesNotCarryOverIsNamedAndTheTlsHostBecomesAnHttpsListener() {
        Ingress ingress = (Ingress) parse(INGRESS).get(0);
        HttpRouteConversion conversion = HttpRouteConversion.of(ingress, services(parse(SERVICES)), "gatehouse");
        GatewayDrafts drafts = new GatewayDrafts("gatehouse", "gatehouse");
        drafts.add(ingress);

        assertThat(conversion.notes()).anyMatch(note -> note.startsWith("annotation nginx.ingress.kubernetes.io/proxy-read-timeout"))
                .anyMatch(note -> note.startsWith("TLS is the Gateway's"))
                .anyMatch(note -> note.startsWith("the default backend becomes a rule"));
        assertThat(drafts.gateways()).singleElement().satisfies(gateway -> {
            assertThat(gateway.getMetadata().getNamespace()).isEqualTo("team-a");
            assertThat(gateway.getSpec().getListeners()).extracting(listener -> listener.getProtocol() + " "
                    + listener.getPort() + " " + listener.getHostname())
                    .containsExactly("HTTP 80 null", "HTTPS 443 shop.example");
            assertThat(gateway.getSpec().getListeners().get(1).getTls().getCertificateRefs().get(0).getName()).isEqualTo("shop-tls");
        });
    }

    @Test
    void aNamedPortTheServiceLacksAndAResourceBackendAreLeftOutWithAReason() {
        Ingress ingress = (Ingress) parse("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: odd, namespace: team-a}
                spec:
                  rules:
                  - host: odd.example
                    http:
                      paths:
                      - {path: /a, pathType: Prefix, backend: {service: {name: shop, port: {name: grpc}}}}
                      - {path: /b, pathType: Prefix, backend: {resource: {apiGroup: k8s.example, kind: Bucket, name: b}}}
                      - {path: /c, pathType: Exact, backend: {service: {name: shop, port: {number: 80}}}}
                """).get(0);

        HttpRouteConversion conversion = HttpRouteConversion.of(ingress, services(parse(SERVICES)), "edge");

        assertThat(conversion.notes()).containsExactly(
                "path /a: Service team-a/shop has no port named \"grpc\" (a backendRef names a port by number); left out",
                "path /b: a resource backend has no HTTPRoute counterpart; left out");
        assertThat(conversion.routes()).singleElement().satisfies(route -> {
            assertThat(route.getSpec().getParentRefs().get(0).getName()).isEqualTo("edge");
            assertThat(route.getSpec().getRules()).singleElement().satisfies(rule -> {
                assertThat(rule.getMatches().get(0).getPath().getType()).isEqualTo("Exact");
                assertThat(rule.getBackendRefs().get(0).getPort()).isEqualTo(80);
            });
        });
    }

    private static Set<String> endpoints(RoutingSnapshot snapshot, String host, String path) {
        if (!(snapshot.router().find(host, path).action() instanceof RouteAction.Forward forward)) {
            return Set.of();
        }
        Cluster cluster = snapshot.cluster(forward.cluster());
        return cluster == null ? Set.of() : cluster.endpoints().stream().map(endpoint -> endpoint.address() + ":" + endpoint.port()).collect(Collectors.toSet());
    }

    private static RoutingSnapshot translate(List<HasMetadata> objects) {
        return new IngressTranslator(TranslatorSettings.defaults()).translate(ClusterView.of(objects)).snapshot();
    }

    private static List<Service> services(List<HasMetadata> objects) {
        return objects.stream().filter(Service.class::isInstance).map(Service.class::cast).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<HasMetadata> parse(String yaml) {
        Object parsed = Serialization.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        return parsed instanceof List<?> list ? (List<HasMetadata>) list : List.of((HasMetadata) parsed);
    }
}
