/**
 * Observation: the Prometheus metrics ({@code ProxyMetrics}, with the per-route handles of {@code RouteStats} and the
 * per-listener ones of {@code TcpStats}), the access log ({@code AccessLog}, written off the event loops),
 * {@code PeerFailures}, the last handler of every pipeline, which counts what a peer did wrong and logs it
 * rate-limited, and tracing: {@code RequestTracer} and {@code TraceSpan} are all the exchange sees of it, with
 * {@code OtlpTracer} behind them exporting spans over OTLP/HTTP through a bounded queue. Nothing here knows the
 * routing: gauges that read the live routing are registered from above.
 */
package dev.gatehouse.proxy.observe;
