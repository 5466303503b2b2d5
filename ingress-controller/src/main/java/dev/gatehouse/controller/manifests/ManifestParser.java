package dev.gatehouse.controller.manifests;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrant;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import tools.jackson.core.JacksonException;

/**
 * Reads one manifest file (YAML, several documents allowed, or JSON) into fabric8 model objects.
 *
 * <p>The YAML is composed into nodes first, so that any problem, a syntax error or a field of the wrong
 * type, can be reported with the line it is on. Kinds Gatehouse does not read (Deployments, ...) are
 * skipped; {@code kind: List} documents are unpacked. A namespaced kind's missing namespace defaults to {@code default}, as
 * the API server would do. A file beyond {@link ManifestLimits} is refused before any node is built.
 */
final class ManifestParser {

    private static final Set<Class<?>> READ_KINDS = Set.of(Ingress.class, IngressClass.class, Service.class,
            EndpointSlice.class, Endpoints.class, Secret.class, ConfigMap.class, GatewayClass.class, Gateway.class, HTTPRoute.class,
            ReferenceGrant.class, io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant.class, Namespace.class,
            io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicy.class, io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet.class,
            GRPCRoute.class, TLSRoute.class, TCPRoute.class, UDPRoute.class);

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    /** The objects of the file, in document order. */
    List<HasMetadata> parse(Path file, String text) throws ManifestException {
        LoadSettings settings = ManifestLimits.settings(file);
        List<HasMetadata> objects = new ArrayList<>();
        try {
            ManifestLimits.check(file, text, settings);
            for (Node document : new Compose(settings).composeAllFromString(text)) {
                collect(file, settings, document, objects);
            }
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            throw new ManifestException(new ManifestProblem(file, mark.map(m -> m.getLine() + 1).orElse(0),
                    "not valid YAML: " + e.getProblem()));
        } catch (YamlEngineException e) {
            throw new ManifestException(new ManifestProblem(file, 0, "not valid YAML: " + e.getMessage()));
        }
        return objects;
    }

    private void collect(Path file, LoadSettings settings, Node document, List<HasMetadata> out) throws ManifestException {
        int line = line(document);
        Object value = new StandardConstructor(settings).constructSingleDocument(Optional.of(document));
        if (value == null) {
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ManifestException(new ManifestProblem(file, line,
                    "expected a Kubernetes object (a mapping with apiVersion, kind and metadata)"));
        }
        Object apiVersion = map.get("apiVersion");
        Object kind = map.get("kind");
        if (!(apiVersion instanceof String) || !(kind instanceof String)) {
            throw new ManifestException(new ManifestProblem(file, line,
                    "the object has no apiVersion or kind (expected e.g. apiVersion: networking.k8s.io/v1 and kind: Ingress)"));
        }
        if (((String) kind).endsWith("List") && map.get("items") instanceof List<?>) {
            Node items = child(document, "items");
            if (items instanceof SequenceNode sequence) {
                for (Node item : sequence.getValue()) {
                    collect(file, settings, item, out);
                }
            }
            return;
        }
        Class<? extends KubernetesResource> type = serialization.getRegisteredKubernetesResource((String) apiVersion, (String) kind);
        if (type == null || !READ_KINDS.contains(type)) {
            if ("Ingress".equals(kind) || "IngressClass".equals(kind)) {
                throw new ManifestException(new ManifestProblem(file, line, kind + " apiVersion \"" + apiVersion
                        + "\" is not served (expected networking.k8s.io/v1)"));
            }
            return;
        }
        HasMetadata object;
        try {
            object = (HasMetadata) serialization.convertValue(map, type);
        } catch (RuntimeException e) {
            throw conversionProblem(file, document, kind + " " + nameOf(map), e);
        }
        if (object.getMetadata() == null || object.getMetadata().getName() == null || object.getMetadata().getName().isEmpty()) {
            throw new ManifestException(new ManifestProblem(file, line, kind + ": metadata.name is missing (expected a name)"));
        }
        if (object instanceof Namespaced && (object.getMetadata().getNamespace() == null || object.getMetadata().getNamespace().isEmpty())) {
            object.getMetadata().setNamespace("default");
        }
        out.add(object);
    }

    private static ManifestException conversionProblem(Path file, Node document, String what, RuntimeException e) {
        JacksonException jackson = null;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException found) {
                jackson = found;
            }
        }
        if (jackson == null) {
            return new ManifestException(new ManifestProblem(file, line(document), what + ": " + e.getMessage()));
        }
        Node node = document;
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : jackson.getPath()) {
            if (reference.getPropertyName() != null) {
                field.append(field.length() > 0 ? "." : "").append(reference.getPropertyName());
                node = node == null ? null : child(node, reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
                node = node instanceof SequenceNode sequence && reference.getIndex() < sequence.getValue().size()
                        ? sequence.getValue().get(reference.getIndex()) : null;
            }
        }
        String message = jackson.getOriginalMessage()
                .replaceAll("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*\\.([A-Z]\\w*)", "$2")
                .replaceAll("\\s*\\(through reference chain.*", "");
        return new ManifestException(new ManifestProblem(file, line(node == null ? document : node),
                what + ": " + (field.length() > 0 ? field + ": " : "") + message));
    }

    private static Node child(Node node, String key) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                    return tuple.getValueNode();
                }
            }
        }
        return null;
    }

    private static String nameOf(Map<?, ?> map) {
        return map.get("metadata") instanceof Map<?, ?> metadata && metadata.get("name") instanceof String name
                ? "\"" + name + "\"" : "(unnamed)";
    }

    private static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }
}
