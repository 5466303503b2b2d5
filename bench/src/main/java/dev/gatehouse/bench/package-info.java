/**
 * Benchmark harnesses, run by the scripts of {@code bench/}: start with
 * {@link dev.gatehouse.bench.ScaleBenchmark} (10,000 Ingresses through the translator and the router)
 * and {@link dev.gatehouse.bench.PropagationBenchmark} (an API write live at the proxy, through a mock API server).
 */
package dev.gatehouse.bench;
