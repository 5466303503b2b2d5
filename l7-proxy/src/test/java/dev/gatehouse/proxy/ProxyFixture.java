package dev.gatehouse.proxy;

import dev.gatehouse.proxy.testing.Http;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;

/** A real proxy on free loopback ports, for one test class. */
final class ProxyFixture implements AutoCloseable {

    final PrometheusRegistry registry = new PrometheusRegistry();
    final ProxyServer proxy;
    final Http http;

    ProxyFixture() {
        this(ProxySettings.builder());
    }

    ProxyFixture(ProxySettings.Builder settings) {
        proxy = HttpProxy.start(settings.bindAddress("127.0.0.1").httpPort(0).adminPort(0).build(), registry);
        http = new Http(proxy.httpAddress().getPort());
    }

    static ProxyFixture withReadTimeout(Duration timeout) {
        return new ProxyFixture(ProxySettings.builder().upstreamReadTimeout(timeout));
    }

    int port() {
        return proxy.httpAddress().getPort();
    }

    @Override
    public void close() {
        proxy.close();
    }
}
