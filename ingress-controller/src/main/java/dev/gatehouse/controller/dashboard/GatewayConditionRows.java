package dev.gatehouse.controller.dashboard;

import dev.gatehouse.controller.translate.gateway.GatewayStatuses;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Gateway API conditions of the last translation, for {@code /routes} and {@code /api/v1/gateway}: each of our
 * GatewayClasses, Gateways (with each listener) and routes (with each parent), and their conditions as the status
 * writer writes them in a cluster (without times) and as standalone mode logs them.
 */
final class GatewayConditionRows {

    private GatewayConditionRows() {
    }

    static Map<String, Object> of(GatewayStatuses statuses) {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object> classes = new ArrayList<>();
        statuses.classes().forEach((ref, status) -> {
            Map<String, Object> row = object(ref, false);
            row.put("conditions", conditions(status.getConditions()));
            classes.add(row);
        });
        List<Object> gateways = new ArrayList<>();
        statuses.gateways().forEach((ref, status) -> {
            Map<String, Object> row = object(ref, true);
            row.put("conditions", conditions(status.getConditions()));
            List<Object> listeners = new ArrayList<>();
            for (ListenerStatus listener : list(status.getListeners())) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", listener.getName());
                entry.put("attachedRoutes", listener.getAttachedRoutes());
                entry.put("conditions", conditions(listener.getConditions()));
                listeners.add(entry);
            }
            row.put("listeners", listeners);
            gateways.add(row);
        });
        List<Object> routes = new ArrayList<>();
        statuses.routes().forEach((ref, parents) -> {
            Map<String, Object> row = object(ref, true);
            row.put("kind", ref.kind());
            List<Object> entries = new ArrayList<>();
            for (RouteParentStatus parent : parents) {
                ParentReference parentRef = parent.getParentRef();
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("gateway", (parentRef.getNamespace() == null ? ref.namespace() : parentRef.getNamespace()) + "/"
                        + parentRef.getName());
                entry.put("sectionName", parentRef.getSectionName());
                entry.put("port", parentRef.getPort());
                entry.put("conditions", conditions(parent.getConditions()));
                entries.add(entry);
            }
            row.put("parents", entries);
            routes.add(row);
        });
        root.put("controllerName", statuses.controllerName());
        root.put("gatewayClasses", classes);
        root.put("gateways", gateways);
        root.put("routes", routes);
        return root;
    }

    private static Map<String, Object> object(ObjectRef ref, boolean namespaced) {
        Map<String, Object> row = new LinkedHashMap<>();
        if (namespaced) {
            row.put("namespace", ref.namespace());
        }
        row.put("name", ref.name());
        return row;
    }

    private static List<Object> conditions(List<Condition> conditions) {
        List<Object> rows = new ArrayList<>();
        for (Condition condition : list(conditions)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("type", condition.getType());
            row.put("status", condition.getStatus());
            row.put("reason", condition.getReason());
            row.put("message", condition.getMessage());
            row.put("observedGeneration", condition.getObservedGeneration());
            rows.add(row);
        }
        return rows;
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
