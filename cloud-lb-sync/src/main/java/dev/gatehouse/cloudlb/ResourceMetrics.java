package dev.gatehouse.cloudlb;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gatehouse_lb_resources_total{provider,kind,action}} and one INFO line per cloud resource adopted, repaired
 * or cleaned: the moments the cloud and what we believed differed, which an operator wants counted, not only
 * buried among the writes.
 */
public final class ResourceMetrics implements ResourceReport {

    private static final Logger log = LoggerFactory.getLogger(ResourceMetrics.class);

    private final Counter counter;

    public ResourceMetrics(PrometheusRegistry registry) {
        this.counter = Counter.builder().name("gatehouse_lb_resources_total")
                .help("Cloud resources of load balancers adopted, repaired or cleaned up, by provider, kind and action")
                .labelNames("provider", "kind", "action").register(registry);
    }

    @Override
    public void applied(String provider, String service, LoadBalancerPlan.Step step) {
        String action = label(step.action());
        if (action == null) {
            return;
        }
        counter.labelValues(provider, step.kind(), action).inc();
        log.atInfo().addKeyValue("provider", provider).addKeyValue("kind", step.kind())
                .addKeyValue("resource", step.resource()).addKeyValue("service", service).addKeyValue("action", action)
                .log("{} {} {} of service {} {}: {}", provider, step.kind(), step.resource(), service, action,
                        step.reason());
    }

    /** How many resources of this kind were adopted, repaired or cleaned so far. */
    public long count(String provider, String kind, LoadBalancerPlan.Action action) {
        String label = label(action);
        if (label == null) {
            throw new IllegalArgumentException("only adopt, repair and clean are counted, not " + action);
        }
        return (long) counter.labelValues(provider, kind, label).get();
    }

    private static String label(LoadBalancerPlan.Action action) {
        return switch (action) {
            case ADOPT -> "adopted";
            case REPAIR -> "repaired";
            case CLEAN -> "cleaned";
            default -> null;
        };
    }
}
