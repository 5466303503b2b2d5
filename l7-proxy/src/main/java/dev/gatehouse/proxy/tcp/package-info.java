/**
 * TCP listeners: {@code TcpListeners} binds the snapshot's TCP ports (retrying ports that cannot be bound);
 * {@code TcpListenerInitializer} lists each connection's pipeline, where {@code TcpSourceCheck} applies the allowed
 * sources, {@code TcpConnector} picks and connects an endpoint, and {@code TcpRelay} relays bytes both ways.
 * TLS passthrough by server name: {@code PassthroughSni} reads a ClientHello (on the HTTPS listener, and on the ports
 * that serve passthrough alone, which {@code TcpListeners} binds with {@code PassthroughListenerInitializer}) and hands
 * a name the snapshot passes through to a {@code TcpConnector}.
 */
package dev.gatehouse.proxy.tcp;
