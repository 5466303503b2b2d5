/**
 * Networking utilities at the bottom of the data plane, free of HTTP: the epoll/NIO {@code Transport}, binding a
 * port ({@code PortBinding}), the PROXY protocol ({@code ProxyProtocolHandler}: who the peer really is), address
 * ranges ({@code Cidrs}, {@code TcpAddresses}), the per-connection {@code DeadlineTimer} that exchanges share, and
 * {@code LingeringClose}, which lets a client read an answer before its connection closes.
 */
package dev.gatehouse.proxy.net;
