/**
 * The admin port, at the top of the data plane: {@code AdminServer} binds it, {@code AdminHandler} serves
 * {@code /healthz}, {@code /readyz}, {@code /metrics}, {@code /routes} ({@code RoutesJson}, redacted), the dashboard's
 * JSON views ({@code DashboardJson}) and the read-only views other modules register through {@code AdminViews}.
 * {@code DashboardAssets} serves the dashboard's page from the jar, and {@code BearerTokenCheck} guards the port when
 * {@code --admin-token-file} is set, for everything but the probes.
 */
package dev.gatehouse.proxy.admin;
