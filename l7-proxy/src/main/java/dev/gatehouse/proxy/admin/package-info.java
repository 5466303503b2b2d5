/**
 * The admin port: {@code AdminServer} binds it, {@code AdminHandler} serves {@code /healthz}, {@code /readyz},
 * {@code /metrics}, {@code /routes} ({@code RoutesJson}, redacted) and the read-only views other modules register
 * through {@code AdminViews}.
 */
package dev.gatehouse.proxy.admin;
