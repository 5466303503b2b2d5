package dev.gatehouse.proxy.observe;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;

/**
 * The metric handles of one UDP listener. Made by {@link UdpMetrics#listener}.
 *
 * @param sessions        sessions opened
 * @param active          sessions open now
 * @param received        datagrams from clients, relayed upstream
 * @param receivedBytes   their bytes
 * @param sent            datagrams from upstream, relayed to clients
 * @param sentBytes       their bytes
 * @param oversized       datagrams dropped for being larger than the maximum datagram size, either way
 * @param sessionsLimit   datagrams of new clients dropped because the listener has its most sessions
 * @param noEndpoint      datagrams of new clients dropped because the cluster has no endpoint to take them
 * @param unrouted        datagrams dropped because the listener is leaving the live routing, or the proxy is shutting down
 * @param busy            datagrams dropped because the socket they were to leave by could not take more, or the session's
 *                        upstream socket was not ready yet and already held its share
 * @param upstreamError   datagrams lost with a session whose upstream socket failed (an ICMP port unreachable, say)
 */
public record UdpStats(CounterDataPoint sessions, GaugeDataPoint active, CounterDataPoint received, CounterDataPoint receivedBytes,
                       CounterDataPoint sent, CounterDataPoint sentBytes, CounterDataPoint oversized, CounterDataPoint sessionsLimit,
                       CounterDataPoint noEndpoint, CounterDataPoint unrouted, CounterDataPoint busy, CounterDataPoint upstreamError) {
}
