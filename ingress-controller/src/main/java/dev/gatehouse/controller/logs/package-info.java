/**
 * How the operational log is written, as {@code --log-format} and {@code --log-level} ask:
 * {@link dev.gatehouse.controller.logs.LogSetup} swaps the console appender's text lines for
 * {@link dev.gatehouse.controller.logs.JsonLines} and sets each area's level. The access log is not here: it
 * has its own format and writer in the proxy.
 */
package dev.gatehouse.controller.logs;
