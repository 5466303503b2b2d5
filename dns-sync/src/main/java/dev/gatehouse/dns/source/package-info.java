/**
 * Desired records from Kubernetes objects: the hosts of our Ingresses, Services of type LoadBalancer
 * with a hostname annotation, the label vhosts of published Services, and the hostnames of the Gateway API routes our
 * Gateways accepted ({@code GatewayHostnames}, as external-dns's gateway sources: {@code RouteHosts} reads a route's
 * accepted parents, {@code ListenerMatch} and {@code ListenerHostnames} its listeners). A pure function; start at
 * {@link dev.gatehouse.dns.source.DesiredRecords#from}.
 */
package dev.gatehouse.dns.source;
