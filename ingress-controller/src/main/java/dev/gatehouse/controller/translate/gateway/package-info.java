/**
 * Gateway API (v1 GatewayClass, Gateway, HTTPRoute) translated into routes of the same snapshot as the Ingresses, and
 * the status the specification asks of each object.
 * <p>Start at {@link dev.gatehouse.controller.translate.gateway.GatewayTranslator}: it takes the classes whose
 * {@code spec.controllerName} is ours ({@link dev.gatehouse.controller.translate.gateway.GatewaySettings}), checks each
 * listener of their Gateways ({@code ListenerCheck}: protocol, port, certificate references, route kinds), attaches
 * each HTTPRoute to the listeners its parentRefs name ({@code Attachment}: allowed namespaces, {@code Hostnames}
 * intersection) and turns its rules into routes ({@code RuleTranslator}), or drops a rule that needs what the data plane
 * does not do, said in the route's status. Conditions are built by {@code Conditions}; the result's
 * {@link dev.gatehouse.controller.translate.gateway.GatewayStatuses} carries them without times, which the writer sets.
 * <p>It depends only on {@link dev.gatehouse.controller.translate.objects}: Services become clusters through
 * {@code ServiceBackends} and certificates are bound through {@code CertificateBinder}, both implemented by the
 * translator above, which puts the Ingress rules first and these routes after them on shared hosts.
 */
package dev.gatehouse.controller.translate.gateway;
