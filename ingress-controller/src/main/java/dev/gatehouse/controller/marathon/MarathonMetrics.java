package dev.gatehouse.controller.marathon;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** What the Marathon source exposes: reads by result, event stream reopenings, and the last good read. */
final class MarathonMetrics {

    private final Counter reads;
    private final Counter reconnects;
    private final Gauge apps;
    private final Gauge leftOut;

    MarathonMetrics(PrometheusRegistry registry) {
        this.reads = Counter.builder()
                .name("gatehouse_marathon_reads_total")
                .help("Reads of every Marathon app, by result (ok, or failed: no URL answered with a list of apps)")
                .labelNames("result")
                .withoutExemplars()
                .register(registry);
        reads.initLabelValues("ok");
        reads.initLabelValues("failed");
        this.reconnects = Counter.builder()
                .name("gatehouse_marathon_event_stream_reconnects_total")
                .help("Times the Marathon event stream was reopened after it ended or failed; each is followed by a full read")
                .withoutExemplars()
                .register(registry);
        this.apps = Gauge.builder()
                .name("gatehouse_marathon_apps")
                .help("Marathon apps in the last good read, which keeps serving while Marathon cannot be read")
                .withoutExemplars()
                .register(registry);
        this.leftOut = Gauge.builder()
                .name("gatehouse_marathon_left_out")
                .help("Apps and tasks left out of the last good read because a field could not be read, each logged")
                .withoutExemplars()
                .register(registry);
    }

    void read(boolean ok) {
        reads.labelValues(ok ? "ok" : "failed").inc();
    }

    void eventStreamReconnected() {
        reconnects.inc();
    }

    void lastGoodRead(int appCount, int leftOutCount) {
        apps.set(appCount);
        leftOut.set(leftOutCount);
    }
}
