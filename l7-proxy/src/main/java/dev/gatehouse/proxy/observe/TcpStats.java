package dev.gatehouse.proxy.observe;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;

/**
 * The metric handles of one TCP listener, looked up once when a connection is accepted so that relaying
 * bytes costs an increment, not a label lookup. Made by {@link ProxyMetrics#tcp}.
 *
 * @param accepted        connections accepted
 * @param active          connections open now
 * @param received        bytes from downstream, relayed upstream
 * @param sent            bytes from upstream, relayed downstream
 * @param connectFailures upstream connections that failed or timed out
 * @param unserved        connections closed without reaching an upstream
 * @param denied          connections closed because the client is not in the listener's allowed sources
 */
public record TcpStats(CounterDataPoint accepted, GaugeDataPoint active, CounterDataPoint received, CounterDataPoint sent,
                CounterDataPoint connectFailures, CounterDataPoint unserved, CounterDataPoint denied) {
}
