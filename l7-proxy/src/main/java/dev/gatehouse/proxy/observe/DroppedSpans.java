package dev.gatehouse.proxy.observe;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code gatehouse_trace_spans_dropped_total}: the spans the batch processor dropped, read from the processor's own
 * telemetry ({@code otel.sdk.processor.span.processed} with an {@code error.type}, {@code queue_full} when the collector
 * does not keep up) at each Prometheus scrape.
 */
final class DroppedSpans implements MetricReader {

    private static final String PROCESSED = "otel.sdk.processor.span.processed";
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private volatile CollectionRegistration registration = CollectionRegistration.noop();

    void exposeIn(PrometheusRegistry registry) {
        CounterWithCallback.builder()
                .name("gatehouse_trace_spans_dropped_total")
                .help("Spans dropped before export, mostly because the export queue was full (the collector is slow or down)")
                .callback(callback -> callback.call(count()))
                .register(registry);
    }

    long count() {
        long dropped = 0;
        for (MetricData metric : registration.collectAllMetrics()) {
            if (metric.getName().equals(PROCESSED)) {
                for (LongPointData point : metric.getLongSumData().getPoints()) {
                    if (point.getAttributes().get(ERROR_TYPE) != null) {
                        dropped += point.getValue();
                    }
                }
            }
        }
        return dropped;
    }

    @Override
    public void register(CollectionRegistration value) {
        registration = value;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
        return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        registration = CollectionRegistration.noop();
        return CompletableResultCode.ofSuccess();
    }
}
