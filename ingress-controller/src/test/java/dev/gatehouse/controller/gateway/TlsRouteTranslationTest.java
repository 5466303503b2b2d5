package dev.gatehouse.controller.gateway;

import static dev.gatehouse.controller.testing.Manifests.service;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.routing.TlsPassthrough;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TLSRoutes translated into the snapshot's passthrough rules: hostnames as the listener and route share them, weights. */
class TlsRouteTranslationTest {

    private static final String GATEWAY = GatewayWorld.BASE + """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: tls}
            spec:
              gatewayClassName: gatehouse
              listeners:
              - {name: passthrough, port: 443, protocol: TLS, hostname: "*.example.com"}
              - {name: own, port: 6443, protocol: TLS}
            ---
            """;

    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

    @Test
    void eachHostnameTheRouteSharesWithItsListenerIsPassedThroughToEveryBackendByWeight() {
        List<TlsPassthrough> rules = translator.translate(view(service("a", 443, "10.0.0.1", 8443), service("b", 443, "10.0.0.2", 8443),
                service("c", 443, "10.0.0.3", 8443), GATEWAY + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: split}
                spec:
                  parentRefs: [{name: tls, sectionName: passthrough}]
                  hostnames: [db.example.com, db.example.org]
                  rules:
                  - backendRefs:
                    - {name: a, port: 443, weight: 3}
                    - {name: b, port: 443}
                    - {name: c, port: 443, weight: 0}
                """)).snapshot().tlsPassthrough();

        assertThat(rules).extracting(rule -> rule.host().value(), TlsPassthrough::port).containsExactly(tuple("db.example.com", 8443));
        assertThat(rules.get(0).backends()).extracting(backend -> backend.cluster().toString(), TlsPassthrough.Backend::weight)
                .containsExactly(tuple("default/a:443", 3), tuple("default/b:443", 1));
    }

    @Test
    void aRouteWithoutHostnamesTakesItsListenersWildcardAndAListenerOnAnotherPortIsServedOnItsOwn() {
        List<TlsPassthrough> rules = translator.translate(view(service("a", 443, "10.0.0.1", 8443), GATEWAY + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: wildcard}
                spec:
                  parentRefs: [{name: tls, sectionName: passthrough}]
                  rules: [{backendRefs: [{name: a, port: 443}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: own}
                spec:
                  parentRefs: [{name: tls, sectionName: own}]
                  hostnames: [own.example.net]
                  rules: [{backendRefs: [{name: a, port: 443}]}]
                """)).snapshot().tlsPassthrough();

        assertThat(rules).extracting(rule -> rule.host().value(), TlsPassthrough::port)
                .containsExactly(tuple("own.example.net", 6443), tuple("*.example.com", 8443));
    }
}
