package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.controller.translate.objects.ObjectRef;

/**
 * A TCP or UDP listener a TCPRoute or UDPRoute asks the proxy for, and who asks: the translator above checks its port
 * against the rest of the snapshot's.
 *
 * @param owner    the route
 * @param field    where in the route, for messages
 * @param listener a {@link dev.gatehouse.routing.TcpListener} or {@link dev.gatehouse.routing.UdpListener}
 */
public record PortClaim<L>(ObjectRef owner, String field, L listener) {
}
