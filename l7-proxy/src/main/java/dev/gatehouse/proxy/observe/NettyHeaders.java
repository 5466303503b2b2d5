package dev.gatehouse.proxy.observe;

import io.netty.handler.codec.http.HttpHeaders;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

/** Netty's request headers as the W3C propagator reads and writes them. */
enum NettyHeaders implements TextMapGetter<HttpHeaders>, TextMapSetter<HttpHeaders> {
    INSTANCE;

    @Override
    public Iterable<String> keys(HttpHeaders carrier) {
        return carrier.names();
    }

    @Override
    public String get(HttpHeaders carrier, String key) {
        return carrier == null ? null : carrier.get(key);
    }

    @Override
    public void set(HttpHeaders carrier, String key, String value) {
        carrier.set(key, value);
    }
}
