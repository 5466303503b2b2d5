package dev.gatehouse.proxy.observe;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;

/** A request's span (or its mirrored copy's) in OpenTelemetry's SDK; used on one event loop. */
final class OtlpSpan implements TraceSpan {

    private static final String TRACEPARENT = "traceparent";
    private static final String TRACESTATE = "tracestate";

    private final Tracer tracer;
    private final Span span;
    private final String method;
    private final SpanKind kind;

    OtlpSpan(Tracer tracer, Span span, String method, SpanKind kind) {
        this.tracer = tracer;
        this.span = span;
        this.method = method;
        this.kind = kind;
    }

    @Override
    public void inject(HttpHeaders headers) {
        // an untrusted client's tracestate belongs to the trace it is not continued in
        headers.remove(TRACEPARENT);
        headers.remove(TRACESTATE);
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), headers, NettyHeaders.INSTANCE);
    }

    @Override
    public String traceId() {
        return span.getSpanContext().getTraceId();
    }

    @Override
    public void end(Outcome outcome) {
        // {method} {target} with the route's name as target: as few names as routes
        span.updateName(method + " " + outcome.route());
        HttpSemantics.outcomeAttributes(span, outcome, kind);
        span.end();
    }

    @Override
    public TraceSpan mirror(HttpRequest copy, String target) {
        String copyMethod = HttpSemantics.method(copy.method().name());
        Span child = tracer.spanBuilder(copyMethod)
                .setParent(Context.root().with(span))
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", copyMethod)
                .setAttribute("url.full", target)
                .setAttribute("gatehouse.mirror", true)
                .startSpan();
        return new OtlpSpan(tracer, child, copyMethod, SpanKind.CLIENT);
    }
}
