package dev.gatehouse.controller.dashboard;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.Translation;
import java.util.Map;
import java.util.TreeMap;

/**
 * What kind of object each {@code namespace/name} that routes come from is, for the hosts view: route names start
 * with their owner's {@code namespace/name}, and this says whether that is an Ingress or a Service routed by its
 * labels. Marathon apps carry their own namespace, {@code marathon}, in the name.
 */
final class RouteOrigins {

    private RouteOrigins() {
    }

    /** The origins of one translation, worked out on the first request for them. */
    static final class Lazy {

        static final Lazy NONE = new Lazy(null);

        private final Translation translation;
        private Map<String, String> origins;

        Lazy(Translation translation) {
            this.translation = translation;
        }

        synchronized Map<String, String> get() {
            if (origins == null) {
                origins = translation == null ? Map.of() : of(translation);
            }
            return origins;
        }
    }

    static Map<String, String> of(Translation translation) {
        Map<String, String> kinds = new TreeMap<>();
        translation.labelMaps().serviceHosts().keySet().forEach(service -> kinds.put(service, "Service"));
        for (ObjectRef ingress : translation.ingresses()) {
            kinds.put(ingress.namespace() + "/" + ingress.name(), "Ingress");
        }
        return kinds;
    }
}
