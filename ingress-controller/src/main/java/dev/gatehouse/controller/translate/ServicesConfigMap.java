package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.labels.ServiceClusters;
import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.routing.ClusterName;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ingress-nginx {@code tcp-services} or {@code udp-services} ConfigMap read entry by entry: the key is the port, the
 * value {@code NAMESPACE/SERVICE:PORT} (groups 1, 3 and 5 of the caller's pattern; the Service port by number or name)
 * with what else the protocol allows after it. An entry that cannot be used is reported and skipped.
 */
final class ServicesConfigMap {

    /** Makes the claim of one usable entry; {@code target} has matched its value. */
    interface Claims<T> {
        T claim(ObjectRef owner, String field, int port, ClusterName cluster, Matcher target);
    }

    private ServicesConfigMap() {
    }

    /**
     * @param configMapRef {@code namespace/name}, or null for none
     * @param warning      the kind of warning a bad entry gets
     * @param expected     what a value should look like, for the warning
     */
    static <T> List<T> read(ClusterView view, String configMapRef, ServiceClusters backends, List<Warning> warnings,
                            String warning, Pattern targets, String expected, Claims<T> claims) {
        if (configMapRef == null) {
            return List.of();
        }
        ConfigMap configMap = view.configMaps().stream()
                .filter(map -> configMapRef.equals(Metadata.namespace(map) + "/" + map.getMetadata().getName()))
                .findFirst().orElse(null);
        if (configMap == null || configMap.getData() == null) {
            return List.of();
        }
        ObjectRef owner = ObjectRef.of(configMap);
        List<T> read = new ArrayList<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(configMap.getData()).entrySet()) {
            String field = "data[" + entry.getKey() + "]";
            String where = owner + ": " + field + ": ";
            int port = port(entry.getKey());
            if (port < 0) {
                warnings.add(new Warning(owner, warning, where + "\"" + entry.getKey()
                        + "\" is not a port (expected a number from 1 to 65535 as the key)"));
                continue;
            }
            String value = entry.getValue() == null ? "" : entry.getValue().trim();
            Matcher target = targets.matcher(value);
            if (!target.matches()) {
                warnings.add(new Warning(owner, warning, where + "\"" + value + "\" is not a service (expected " + expected + ")"));
                continue;
            }
            String servicePort = target.group(5);
            ServiceBackendPort backendPort = servicePort.chars().allMatch(Character::isDigit)
                    ? new ServiceBackendPort(null, Integer.parseInt(servicePort)) : new ServiceBackendPort(servicePort, null);
            ClusterName cluster = backends.resolve(owner, field, target.group(1), new IngressServiceBackend(target.group(3), backendPort));
            if (cluster != null) {
                read.add(claims.claim(owner, field, port, cluster, target));
            }
        }
        return read;
    }

    private static int port(String key) {
        if (key == null || !key.matches("[0-9]{1,5}")) {
            return -1;
        }
        int port = Integer.parseInt(key);
        return port >= 1 && port <= 65535 ? port : -1;
    }
}
