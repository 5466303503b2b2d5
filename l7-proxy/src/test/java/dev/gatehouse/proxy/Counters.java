package dev.gatehouse.proxy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Map;

/** A counter's value as the registry would expose it, summed over the data points with the given labels. */
final class Counters {

    private Counters() {
    }

    /** @param name without the {@code _total} suffix, as the registry keeps it */
    static double sum(PrometheusRegistry registry, String name, Map<String, String> labels) {
        for (MetricSnapshot metric : registry.scrape()) {
            if (metric instanceof CounterSnapshot counter && counter.getMetadata().getName().equals(name)) {
                return counter.getDataPoints().stream()
                        .filter(point -> labels.entrySet().stream()
                                .allMatch(label -> label.getValue().equals(point.getLabels().get(label.getKey()))))
                        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
            }
        }
        return 0;
    }
}
