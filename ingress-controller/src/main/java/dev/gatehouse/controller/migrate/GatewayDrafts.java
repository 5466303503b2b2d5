package dev.gatehouse.controller.migrate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Gateways that converted Ingresses attach to: one per namespace, named {@code name}, of class {@code className},
 * with an HTTP listener on port 80 and, for each TLS host of those Ingresses, an HTTPS listener on port 443 that
 * terminates with the Ingress's Secret (a TLS entry without hosts: a listener without hostname).
 */
public final class GatewayDrafts {

    private final String name;
    private final String className;
    private final Map<String, Map<String, Listener>> listenersByNamespace = new LinkedHashMap<>();

    public GatewayDrafts(String name, String className) {
        this.name = name;
        this.className = className;
    }

    /** The Gateway of {@code ingress}'s namespace gains its TLS hosts. */
    public void add(Ingress ingress) {
        String namespace = Objects.requireNonNullElse(ingress.getMetadata().getNamespace(), "default");
        Map<String, Listener> listeners = listenersByNamespace.computeIfAbsent(namespace, ns -> {
            Map<String, Listener> fresh = new LinkedHashMap<>();
            fresh.put("http", new ListenerBuilder().withName("http").withProtocol("HTTP").withPort(80).build());
            return fresh;
        });
        List<IngressTLS> tls = ingress.getSpec().getTls() == null ? List.of() : ingress.getSpec().getTls();
        for (IngressTLS entry : tls) {
            if (entry.getSecretName() == null) {
                continue;
            }
            List<String> hosts = entry.getHosts() == null || entry.getHosts().isEmpty() ? List.of("") : entry.getHosts();
            for (String host : hosts) {
                listeners.computeIfAbsent("https|" + host, key -> https(listeners.size(), host, entry.getSecretName()));
            }
        }
    }

    /** The Gateways, one per namespace that had an Ingress. */
    public List<Gateway> gateways() {
        List<Gateway> gateways = new ArrayList<>();
        listenersByNamespace.forEach((namespace, listeners) -> gateways.add(new GatewayBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withGatewayClassName(className).withListeners(List.copyOf(listeners.values())).endSpec()
                .build()));
        return gateways;
    }

    private static Listener https(int index, String host, String secret) {
        ListenerBuilder listener = new ListenerBuilder().withName("https-" + index).withProtocol("HTTPS").withPort(443)
                .withNewTls().withMode("Terminate").addNewCertificateRef().withName(secret).endCertificateRef().endTls();
        if (!host.isEmpty()) {
            listener.withHostname(host);
        }
        return listener.build();
    }
}
