/**
 * Gateway API (v1 GatewayClass, Gateway, ListenerSet, HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute, BackendTLSPolicy,
 * and ReferenceGrant of v1 or v1beta1) translated into routes of the same snapshot as the Ingresses, and the status the
 * specification asks of each object.
 * <p>Start at {@link dev.gatehouse.controller.translate.gateway.GatewayTranslator}: it takes the classes whose
 * {@code spec.controllerName} is ours ({@link dev.gatehouse.controller.translate.gateway.GatewaySettings}; whether the
 * CRDs' release is one we read is {@code SupportedVersion}), checks each listener of their Gateways
 * ({@code ListenerConflicts}: listeners that are not distinct; {@code ListenerCheck}: protocol, port, certificate
 * references, route kinds), and those ListenerSets add to the Gateways that allow them ({@code ListenerSets}), attaches
 * each HTTPRoute to the listeners its parentRefs name ({@code Attachment}: allowed
 * namespaces, {@code Hostnames} intersection) and turns its rules into routes ({@code RuleTranslator}), or drops a rule
 * that needs what the data plane does not do, said in the route's status. TCP and UDP listeners are checked by
 * {@code StreamListenerCheck}, and the TCPRoutes and UDPRoutes attached to them ({@code StreamRoutes}) become TCP and UDP
 * listeners of the proxy, handed up as {@code PortClaim}s for the translator above to check against its other ports. A rule's filters are read by
 * {@code RuleFilters}: header modifiers by {@code HeaderChanges}, mirrors by {@code MirrorReader}, CORS by
 * {@code CorsReader}, redirects by {@code RedirectReader} (which fixes the listener's port), path modifiers of rewrites
 * and redirects by {@code PathModifiers}; its timeouts by {@code RuleTimeouts}, its retries by {@code RuleRetry}, its
 * session persistence by {@code SessionPersistenceReader} (cookie affinity of its clusters), and its backendRefs are
 * resolved by {@code BackendRefs}. GRPCRoutes are read as the HTTPRoutes they route the same as ({@code GrpcRoutes},
 * method matches as paths by {@code GrpcMethodPaths}) and go through the same steps, keeping their kind; an HTTPRoute and
 * a GRPCRoute sharing a hostname on a listener are settled by {@code RouteKindConflicts}. References to another namespace (a backendRef's Service, a certificateRef's Secret) are allowed by the ReferenceGrants there ({@code ReferenceGrants}). The routes of a
 * wildcard or any-host route are also given to the more specific hosts of other routes it covers ({@code SharedHosts}),
 * since the router picks one virtual host per request, except the hosts of a more specific listener, where the copies
 * answer 404 ({@code ListenerIsolation}). BackendTLSPolicies ({@code BackendTlsPolicies}, read by
 * {@code BackendTlsValidation}) give the clusters of the Service ports they target their upstream TLS as a route's
 * backends are resolved ({@code PolicyBackends}). Conditions are built by {@code Conditions}; the result's
 * {@link dev.gatehouse.controller.translate.gateway.GatewayStatuses} carries them without times, which the writer sets.
 * <p>It depends only on {@link dev.gatehouse.controller.translate.objects} and the view: Services become clusters through
 * {@code ServiceBackends} and certificates are bound through {@code CertificateBinder}, both implemented by the
 * translator above, which puts the Ingress rules first and these routes after them on shared hosts.
 */
package dev.gatehouse.controller.translate.gateway;
