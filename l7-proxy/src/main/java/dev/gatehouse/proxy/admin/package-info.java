/**
 * What the admin port adds for people: the dashboard's assets, the one-minute request windows behind its live
 * rates and latencies, and the bearer-token gate in front of everything but the probes.
 *
 * <p>Start at {@link dev.gatehouse.proxy.admin.RollingWindow}, which the data plane feeds per route and per
 * endpoint; {@link dev.gatehouse.proxy.admin.DashboardAssets} serves the page from the jar and
 * {@link dev.gatehouse.proxy.admin.BearerTokenCheck} guards the port when {@code --admin-token-file} is set.
 * Nothing here knows the routing model: the proxy's admin handler renders the JSON views from its live routing.
 */
package dev.gatehouse.proxy.admin;
