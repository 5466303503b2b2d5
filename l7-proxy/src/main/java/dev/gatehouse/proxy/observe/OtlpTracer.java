package dev.gatehouse.proxy.observe;

import dev.gatehouse.proxy.TraceSettings;
import dev.gatehouse.proxy.http.ClientInfo;
import io.netty.handler.codec.http.HttpRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Spans exported over OTLP/HTTP by OpenTelemetry's SDK. Ending a span only offers it to the batch processor's bounded
 * queue, so the event loops never wait for the collector: the processor's own thread sends batches, and a span that finds
 * the queue full is dropped and counted ({@link DroppedSpans}).
 */
final class OtlpTracer implements RequestTracer {

    static final int QUEUE_SIZE = 2048;
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private final SdkTracerProvider provider;
    private final SdkMeterProvider meters;
    private final Tracer tracer;

    private OtlpTracer(SdkTracerProvider provider, SdkMeterProvider meters) {
        this.provider = provider;
        this.meters = meters;
        this.tracer = provider.get("dev.gatehouse.proxy");
    }

    static OtlpTracer start(TraceSettings settings, PrometheusRegistry registry) {
        return start(settings, registry, QUEUE_SIZE);
    }

    static OtlpTracer start(TraceSettings settings, PrometheusRegistry registry, int queueSize) {
        DroppedSpans dropped = new DroppedSpans();
        SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(dropped).build();
        dropped.exposeIn(registry);
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(settings.otlpEndpoint().toString())
                .setTimeout(Duration.ofSeconds(10))
                .setMeterProvider(MeterProvider::noop)
                .build();
        BatchSpanProcessor batches = BatchSpanProcessor.builder(exporter)
                .setMaxQueueSize(queueSize)
                .setMaxExportBatchSize(Math.min(512, queueSize))
                .setScheduleDelay(Duration.ofSeconds(1))
                .setMeterProvider(meters)
                .setInternalTelemetryVersion(InternalTelemetryVersion.LATEST)
                .build();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), "gatehouse"))))
                .setSampler(new SnapshotSampler(settings.sampleRatio()))
                .addSpanProcessor(batches)
                .build();
        return new OtlpTracer(provider, meters);
    }

    @Override
    public TraceSpan start(HttpRequest request, String protocolVersion, ClientInfo client, boolean trustIncoming, double sampleRatio) {
        Context parent = trustIncoming ? W3C.extract(Context.root(), request.headers(), NettyHeaders.INSTANCE) : Context.root();
        String method = HttpSemantics.method(request.method().name());
        SpanBuilder builder = tracer.spanBuilder(method)
                .setParent(SnapshotSampler.withRatio(parent, sampleRatio))
                .setSpanKind(SpanKind.SERVER);
        HttpSemantics.requestAttributes(builder, request, protocolVersion, client);
        Span span = builder.startSpan();
        return new OtlpSpan(tracer, span, method, SpanKind.SERVER);
    }

    @Override
    public ConnectionSpan connection(String listener, String client, int port, double sampleRatio) {
        Span span = tracer.spanBuilder("tcp " + listener)
                .setParent(SnapshotSampler.withRatio(Context.root(), sampleRatio))
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("network.transport", "tcp")
                .setAttribute("client.address", client)
                .setAttribute("server.port", port)
                .setAttribute("gatehouse.listener", listener)
                .startSpan();
        return (upstream, bytesReceived, bytesSent) -> {
            span.setAttribute("gatehouse.bytes_received", bytesReceived);
            span.setAttribute("gatehouse.bytes_sent", bytesSent);
            if (upstream != null) {
                span.setAttribute("gatehouse.upstream.address", upstream);
            } else {
                span.setAttribute("error.type", "no_upstream");
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        };
    }

    @Override
    public void close() {
        provider.shutdown().join(5, TimeUnit.SECONDS);
        meters.shutdown().join(1, TimeUnit.SECONDS);
    }
}
