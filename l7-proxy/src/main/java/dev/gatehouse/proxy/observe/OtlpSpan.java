package dev.gatehouse.proxy.observe;

import io.netty.handler.codec.http.HttpHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;

/** A request's span in OpenTelemetry's SDK; used on one event loop. */
final class OtlpSpan implements TraceSpan {

    private static final String TRACEPARENT = "traceparent";
    private static final String TRACESTATE = "tracestate";

    private final Span span;
    private final String method;

    OtlpSpan(Span span, String method) {
        this.span = span;
        this.method = method;
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
        HttpSemantics.outcomeAttributes(span, outcome);
        span.end();
    }
}
