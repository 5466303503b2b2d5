package dev.gatehouse.controller.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A Service routed by marathon-lb keys, as YAML: its keys go into annotations (where any value fits), its
 * ports are named {@code p0}, {@code p1}, ... and one ready EndpointSlice holds each port at
 * {@code address:targetPort}.
 */
public final class Labelled {

    private final String name;
    private final String namespace;
    private final Map<String, String> annotations = new TreeMap<>();
    private final Map<String, String> labels = new TreeMap<>();
    private final List<int[]> ports = new ArrayList<>();
    private final List<int[]> replicas = new ArrayList<>();
    private String address = "10.0.0.1";
    private String created;

    private Labelled(String name, String namespace) {
        this.name = name;
        this.namespace = namespace;
    }

    public static Labelled service(String name) {
        return new Labelled(name, "default");
    }

    public static Labelled service(String name, String namespace) {
        return new Labelled(name, namespace);
    }

    /** A key in the annotations. */
    public Labelled key(String key, String value) {
        annotations.put(key, value);
        return this;
    }

    /** A key in the labels. */
    public Labelled label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    /** A port: the Service port and the endpoint's target port. */
    public Labelled port(int port, int targetPort) {
        ports.add(new int[] {port, targetPort});
        return this;
    }

    /**
     * A replica at 127.0.0.1 listening on these ports, one per Service port in order, each in an EndpointSlice
     * of its own; without replicas, one at {@link #at} on the ports' target ports.
     */
    public Labelled replica(int... targetPorts) {
        replicas.add(targetPorts);
        address = "127.0.0.1";
        return this;
    }

    public Labelled at(String endpointAddress) {
        this.address = endpointAddress;
        return this;
    }

    /** The creation time, for the age order of conflicts. */
    public Labelled created(String timestamp) {
        this.created = timestamp;
        return this;
    }

    public String yaml() {
        if (ports.isEmpty()) {
            port(80, 8080);
        }
        StringBuilder yaml = new StringBuilder();
        yaml.append("apiVersion: v1\nkind: Service\nmetadata:\n  name: ").append(name).append("\n  namespace: ").append(namespace)
                .append('\n');
        if (created != null) {
            yaml.append("  creationTimestamp: \"").append(created).append("\"\n");
        }
        yaml.append("  labels: ").append(flow(labels)).append("\n  annotations: ").append(flow(annotations)).append("\nspec:\n  ports:\n");
        for (int i = 0; i < ports.size(); i++) {
            yaml.append("  - name: p").append(i).append("\n    port: ").append(ports.get(i)[0]).append('\n');
        }
        List<int[]> slices = replicas.isEmpty() ? List.of(ports.stream().mapToInt(p -> p[1]).toArray()) : replicas;
        for (int r = 0; r < slices.size(); r++) {
            yaml.append("---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: ").append(name).append("-")
                    .append(r).append("\n  namespace: ").append(namespace).append("\n  labels:\n    kubernetes.io/service-name: ")
                    .append(name).append("\naddressType: IPv4\nports:\n");
            for (int i = 0; i < slices.get(r).length; i++) {
                yaml.append("- name: p").append(i).append("\n  port: ").append(slices.get(r)[i]).append('\n');
            }
            yaml.append("endpoints:\n- addresses: [\"").append(address).append("\"]\n  conditions:\n    ready: true\n");
        }
        return yaml.toString();
    }

    private static String flow(Map<String, String> map) {
        return map.entrySet().stream().map(e -> quote(e.getKey()) + ": " + quote(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public String toString() {
        return yaml();
    }
}
