package dev.gatehouse.proxy;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** An OTLP/HTTP collector on a loopback port: decodes what {@code POST /v1/traces} brings with OpenTelemetry's proto classes. */
final class OtlpReceiver implements AutoCloseable {

    /** One span as the collector got it, IDs in lower-case hex. */
    record Received(String name, String traceId, String spanId, String parentSpanId, Span.SpanKind kind,
                    Map<String, AnyValue> attributes) {
        String text(String key) {
            return attributes.containsKey(key) ? attributes.get(key).getStringValue() : null;
        }

        long number(String key) {
            return attributes.get(key).getIntValue();
        }
    }

    private final List<Received> spans = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body.readAllBytes());
                for (ResourceSpans resource : request.getResourceSpansList()) {
                    for (ScopeSpans scope : resource.getScopeSpansList()) {
                        scope.getSpansList().forEach(span -> spans.add(received(span)));
                    }
                }
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** The collector's base URL, as {@code --otlp-endpoint} takes it. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Received> spans() {
        return spans;
    }

    private static Received received(Span span) {
        HexFormat hex = HexFormat.of();
        return new Received(span.getName(), hex.formatHex(span.getTraceId().toByteArray()), hex.formatHex(span.getSpanId().toByteArray()),
                hex.formatHex(span.getParentSpanId().toByteArray()), span.getKind(),
                span.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue)));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
