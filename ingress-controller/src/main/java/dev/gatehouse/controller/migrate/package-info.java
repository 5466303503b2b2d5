/**
 * What an operator's existing Ingresses would be in Gateway API, for {@code gatehouse migrate-check --httproutes}:
 * {@code HttpRouteConversion} turns one Ingress into HTTPRoutes (one per host, Gateway API keeping hostnames on the
 * route) and says what does not carry over; {@code GatewayDrafts} gathers the Gateways they attach to. Nothing here is
 * applied: it is printed for the operator to review.
 */
package dev.gatehouse.controller.migrate;
