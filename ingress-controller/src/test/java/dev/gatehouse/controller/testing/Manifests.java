package dev.gatehouse.controller.testing;

import dev.gatehouse.controller.view.ClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Kubernetes objects for tests, written as the YAML a user would write. */
public final class Manifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    /** The objects of one or more YAML documents; namespaces default to {@code default}. */
    public static List<HasMetadata> objects(String yaml) {
        Object parsed = SERIALIZATION.unmarshal(yaml);
        List<HasMetadata> objects = new ArrayList<>();
        if (parsed instanceof List<?> list) {
            list.forEach(item -> objects.add((HasMetadata) item));
        } else if (parsed != null) {
            objects.add((HasMetadata) parsed);
        }
        for (HasMetadata object : objects) {
            if (object.getMetadata().getNamespace() == null) {
                object.getMetadata().setNamespace("default");
            }
        }
        return objects;
    }

    public static ClusterView view(String... yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml) {
            objects.addAll(objects(document));
        }
        return ClusterView.of(objects);
    }

    /** A Service with one port named {@code http} and a ready EndpointSlice for it at {@code address:targetPort}. */
    public static String service(String name, int port, String address, int targetPort) {
        return service(name, "default", port, address, targetPort);
    }

    public static String service(String name, String namespace, int port, String address, int targetPort) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %1$s
                  namespace: %2$s
                spec:
                  ports:
                  - name: http
                    port: %3$d
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %1$s-abcde
                  namespace: %2$s
                  labels:
                    kubernetes.io/service-name: %1$s
                addressType: IPv4
                ports:
                - name: http
                  port: %5$d
                endpoints:
                - addresses: ["%4$s"]
                  conditions:
                    ready: true
                """.formatted(name, namespace, port, address, targetPort);
    }

    /** An Ingress of class gatehouse with one rule of one path. */
    public static String ingress(String name, String host, String pathType, String path, String service, int port) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: %s
                spec:
                  ingressClassName: gatehouse
                  rules:
                  - host: "%s"
                    http:
                      paths:
                      - pathType: %s
                        path: "%s"
                        backend:
                          service:
                            name: %s
                            port:
                              number: %d
                """.formatted(name, host, pathType, path, service, port);
    }

    /**
     * An Ingress of class gatehouse routing every path of {@code host} to port {@code port} of {@code service}, with
     * {@code annotations}: {@code key: value} lines (their indentation does not matter), or empty for none.
     */
    public static String annotatedIngress(String name, String host, String service, int port, String annotations) {
        String lines = annotations.lines().map(String::strip).filter(line -> !line.isEmpty())
                .map(line -> "    " + line + "\n").collect(Collectors.joining());
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: %s
                %sspec:
                  ingressClassName: gatehouse
                  rules:
                  - host: %s
                    http:
                      paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service:
                            name: %s
                            port:
                              number: %d
                """.formatted(name, lines.isEmpty() ? "" : "  annotations:\n" + lines, host, service, port);
    }
}
