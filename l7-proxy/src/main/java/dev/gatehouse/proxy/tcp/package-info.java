/**
 * TCP listeners: {@code TcpListeners} binds the snapshot's TCP ports (retrying ports that cannot be bound);
 * {@code TcpListenerInitializer} lists each connection's pipeline, where {@code TcpSourceCheck} applies the allowed
 * sources, {@code TcpConnector} picks and connects an endpoint, and {@code TcpRelay} relays bytes both ways.
 */
package dev.gatehouse.proxy.tcp;
