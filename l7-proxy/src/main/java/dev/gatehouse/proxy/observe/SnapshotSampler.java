package dev.gatehouse.proxy.observe;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Parent-based ratio sampling whose ratio each span's start names (in its parent context), so that a snapshot's
 * {@code otel-sampler-ratio} applies from the next request on; the SDK's tracer provider has one sampler for its life.
 * The sampler of the last ratio is kept: the ratio changes only with a snapshot.
 */
final class SnapshotSampler implements Sampler {

    static final ContextKey<Double> RATIO = ContextKey.named("gatehouse.sample_ratio");

    private record Cached(double ratio, Sampler sampler) {
    }

    private final double startRatio;
    private volatile Cached last;

    SnapshotSampler(double startRatio) {
        this.startRatio = startRatio;
        this.last = new Cached(startRatio, of(startRatio));
    }

    /** {@code parent} naming the ratio of the span started in it; NaN for the ratio the proxy started with. */
    static Context withRatio(Context parent, double ratio) {
        return Double.isNaN(ratio) ? parent : parent.with(RATIO, ratio);
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind, Attributes attributes,
                                       List<LinkData> parentLinks) {
        Double named = parentContext.get(RATIO);
        return sampler(named == null ? startRatio : named).shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    private Sampler sampler(double ratio) {
        Cached cached = last;
        if (cached.ratio() != ratio) {
            cached = new Cached(ratio, of(ratio));
            last = cached;
        }
        return cached.sampler();
    }

    private static Sampler of(double ratio) {
        return Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
    }

    @Override
    public String getDescription() {
        return "SnapshotSampler{" + last.sampler().getDescription() + "}";
    }
}
