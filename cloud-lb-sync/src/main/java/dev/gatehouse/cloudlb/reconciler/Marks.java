package dev.gatehouse.cloudlb.reconciler;

import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The finalizers and the annotation by which a Service says its load balancer is ours. The constants are
 * {@link LoadBalancerReconciler}'s, where other modules read them.
 */
final class Marks {

    private Marks() {
    }

    /** Whether we made (or are about to make) the Service's load balancer: only then is it ever deleted. */
    static boolean madeByUs(Service service) {
        return annotations(service).containsKey(LoadBalancerReconciler.MADE_BY);
    }

    static boolean hasAllFinalizers(Service service) {
        return finalizers(service).containsAll(List.of(LoadBalancerReconciler.FINALIZER,
                LoadBalancerReconciler.OWN_FINALIZER));
    }

    static boolean hasOwnFinalizer(Service service) {
        return finalizers(service).contains(LoadBalancerReconciler.OWN_FINALIZER);
    }

    /** Whether a finalizer of ours holds the Service (the upstream one counts only where we made the load balancer). */
    static boolean holding(Service service, boolean made) {
        return hasOwnFinalizer(service) || finalizers(service).contains(LoadBalancerReconciler.FINALIZER) && made;
    }

    /** Adds both finalizers and the mark: before anything is made, so nothing made can be forgotten. */
    static void claim(Service service, String provider) {
        add(service, LoadBalancerReconciler.FINALIZER);
        add(service, LoadBalancerReconciler.OWN_FINALIZER);
        service.getMetadata().getAnnotations().put(LoadBalancerReconciler.MADE_BY, provider);
    }

    static void add(Service service, String finalizer) {
        List<String> list = new ArrayList<>(finalizers(service));
        if (!list.contains(finalizer)) {
            list.add(finalizer);
        }
        service.getMetadata().setFinalizers(list);
    }

    /** Removes our finalizer, the upstream one where we made the load balancer, and the mark. */
    static void release(Service service) {
        List<String> list = new ArrayList<>(finalizers(service));
        list.remove(LoadBalancerReconciler.OWN_FINALIZER);
        if (service.getMetadata().getAnnotations().containsKey(LoadBalancerReconciler.MADE_BY)) {
            list.remove(LoadBalancerReconciler.FINALIZER);
        }
        service.getMetadata().setFinalizers(list);
        service.getMetadata().getAnnotations().remove(LoadBalancerReconciler.MADE_BY);
    }

    private static List<String> finalizers(Service service) {
        List<String> list = service.getMetadata().getFinalizers();
        return list == null ? List.of() : list;
    }

    private static Map<String, String> annotations(Service service) {
        Map<String, String> annotations = service.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }
}
