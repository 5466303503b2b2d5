/**
 * Benchmark harnesses, run by the scripts of {@code bench/}: start with
 * {@link dev.gatehouse.bench.ScaleBenchmark} (10,000 Ingresses through the translator and the router).
 */
package dev.gatehouse.bench;
