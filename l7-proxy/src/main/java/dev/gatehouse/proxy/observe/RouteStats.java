package dev.gatehouse.proxy.observe;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;

/**
 * The request counters of one route, one per status class, created on first use so that a snapshot with
 * tens of thousands of routes costs nothing until they see traffic.
 */
public final class RouteStats {

    private static final String[] CLASSES = {"1xx", "1xx", "2xx", "3xx", "4xx", "5xx"};

    private final Counter requests;
    private final String virtualHost;
    private final String route;
    private final CounterDataPoint[] byClass = new CounterDataPoint[CLASSES.length];
    private volatile RollingWindow window;

    public RouteStats(Counter requests, String virtualHost, String route) {
        this.requests = requests;
        this.virtualHost = virtualHost;
        this.route = route;
    }

    public String virtualHost() {
        return virtualHost;
    }

    public String route() {
        return route;
    }

    public void count(int status) {
        int index = Math.max(1, Math.min(status / 100, CLASSES.length - 1));
        CounterDataPoint point = byClass[index];
        if (point == null) {
            // A benign race: labelValues returns the same data point for the same labels.
            point = requests.labelValues(virtualHost, route, CLASSES[index]);
            byClass[index] = point;
        }
        point.inc();
        window().request(status);
    }

    /** How long a forwarded request took, for the dashboard's latency per route. */
    public void latency(long nanos) {
        window().latency(nanos);
    }

    /** The last minute of this route, or null before its first request. */
    public RollingWindow.Summary lastMinute() {
        RollingWindow current = window;
        return current == null ? null : current.summary();
    }

    private RollingWindow window() {
        RollingWindow current = window;
        if (current == null) {
            // a benign race as above: a second window loses the first's few counts, not correctness
            current = new RollingWindow();
            window = current;
        }
        return current;
    }

    /** Drops this route's series once a snapshot no longer has it. */
    public void remove() {
        for (int i = 1; i < CLASSES.length; i++) {
            requests.remove(virtualHost, route, CLASSES[i]);
        }
    }
}
