package dev.gatehouse.cloudlb.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each binding registered, kept in a ConfigMap of Gatehouse's own namespace, keyed by Service uid:
 * not on the Service, where whoever may edit the Service could make Gatehouse deregister targets it never
 * registered. Read once per pass; written only when a binding's registrations change.
 */
final class BindingRegistry {

    static final String NAME = "gatehouse-lb-bindings";

    private final KubernetesClient client;
    private final String namespace;
    private Map<String, String> data = Map.of();

    BindingRegistry(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    void refresh() {
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(NAME).get();
        data = map == null || map.getData() == null ? Map.of() : Map.copyOf(map.getData());
    }

    Optional<Bindings.Bound> get(String uid) {
        String value = data.get(uid);
        if (value == null || !value.contains("\n")) {
            return Optional.empty();
        }
        String[] lines = value.split("\n", 2);
        String[] binding = lines[0].split("=", 2);
        if (binding.length != 2) {
            return Optional.empty();
        }
        Set<String> registered = new TreeSet<>(Arrays.stream(lines[1].split(",")).filter(s -> !s.isBlank()).toList());
        return Optional.of(new Bindings.Bound(binding[0], binding[1], registered));
    }

    void put(String uid, Bindings.Bound bound) {
        write(uid, bound.annotation() + "=" + bound.target() + "\n" + String.join(",", new TreeSet<>(bound.registered())));
    }

    void remove(String uid) {
        write(uid, null);
    }

    private void write(String uid, String value) {
        ConfigMap existing = client.configMaps().inNamespace(namespace).withName(NAME).get();
        if (existing == null) {
            if (value == null) {
                return;
            }
            client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                    .withNamespace(namespace).withName(NAME)
                    .addToLabels("app.kubernetes.io/managed-by", "gatehouse").endMetadata()
                    .addToData(uid, value).build()).create();
        } else {
            client.configMaps().inNamespace(namespace).withName(NAME).edit(map -> {
                Map<String, String> next = map.getData() == null ? new HashMap<>() : new HashMap<>(map.getData());
                if (value == null) {
                    next.remove(uid);
                } else {
                    next.put(uid, value);
                }
                map.setData(next);
                return map;
            });
        }
        Map<String, String> next = new HashMap<>(data);
        if (value == null) {
            next.remove(uid);
        } else {
            next.put(uid, value);
        }
        data = Map.copyOf(next);
    }
}
