package dev.gatehouse.cloudlb.reconciler;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** {@code gatehouse_lb_operations_total}: what the reconciler did with the provider, and how it went. */
final class Operations {

    private final Counter counter;
    private final String provider;

    Operations(PrometheusRegistry registry, String provider) {
        this.counter = Counter.builder().name("gatehouse_lb_operations_total")
                .help("Load balancer operations on Services, by provider, operation and result")
                .labelNames("provider", "operation", "result").register(registry);
        this.provider = provider;
    }

    void count(String operation, String result) {
        counter.labelValues(provider, operation, result).inc();
    }
}
