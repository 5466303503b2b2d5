/**
 * The controller's side of the dashboard on the admin port: JSON views of what only the controller knows (its
 * sources and leadership, the rules it left out, the certificates it serves and orders, the DNS plans it made), handed
 * to the proxy through {@link dev.gatehouse.proxy.ProxyServer#serveAdminJson}, so the proxy stays free of controller
 * types.
 *
 * <p>Start at {@link dev.gatehouse.controller.dashboard.DashboardViews}, which the runtime feeds and which registers
 * the views; each view is built by a small class of its own ({@code ProblemBoard}, {@code CertificateRows},
 * {@code DnsPlanRows}, {@code RouteOrigins}, {@code GatewayConditionRows}, the Gateway API conditions that
 * {@code /routes} shows too). Nothing here holds a header value, key, hash or token.
 */
package dev.gatehouse.controller.dashboard;
