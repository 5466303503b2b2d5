/**
 * UDP listeners: {@code UdpListeners} binds the snapshot's UDP ports (retrying ports that cannot be bound) and closes
 * those a snapshot drops, with their sessions; on each port a {@code UdpRelay} gives every client address a
 * {@code UdpSession}, its own connected upstream socket to the endpoint selection picked for it ({@code UdpClient} is
 * what selection sees), which relays the endpoint's answers back to the client until the session is idle.
 */
package dev.gatehouse.proxy.udp;
