/**
 * The Marathon source: DC/OS Marathon apps, read from Marathon's REST API, for the label translator that
 * replaces marathon-lb. Start at {@link dev.gatehouse.controller.marathon.MarathonSource} (what the runtime
 * holds: {@code start}, {@code apps()}, {@code synced()}) and
 * {@link dev.gatehouse.controller.marathon.MarathonSettings} (URLs, credentials, intervals).
 *
 * <p>Level-triggered, as the Kubernetes source: the event stream ({@code MarathonEvents}, with its own
 * server-sent-events framing in {@code SseParser}) only marks the source dirty, and every read is a full
 * {@code /v2/apps?embed=apps.tasks} ({@code MarathonClient}, with URL failover in {@code Failover}). How an
 * app's JSON becomes a {@link dev.gatehouse.controller.view.MarathonApp} (ports by networking mode, which
 * tasks take traffic, at which address and ports) is {@code AppReader}; a field that cannot be read leaves
 * out its app or task, named in the log, never the whole read.
 */
package dev.gatehouse.controller.marathon;
