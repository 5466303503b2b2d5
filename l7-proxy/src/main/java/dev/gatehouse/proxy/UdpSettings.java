package dev.gatehouse.proxy;

import java.time.Duration;

/**
 * How the UDP listeners relay: each client address has a session, with its own upstream socket, for as long as
 * datagrams pass either way within the idle timeout.
 *
 * @param idleTimeout     how long a session may carry nothing either way before it is closed (Envoy's UDP proxy
 *                        {@code idle_timeout}: 60 s)
 * @param maxSessions     sessions one listener keeps at once; a datagram from a new client beyond them is dropped and
 *                        counted (Envoy's UDP proxy is bounded by its cluster's {@code max_connections}: 1024)
 * @param maxDatagramSize the largest datagram relayed either way, in bytes; a larger one is dropped and counted
 *                        (65,507, the largest UDP payload over IPv4)
 */
public record UdpSettings(Duration idleTimeout, int maxSessions, int maxDatagramSize) {

    /** The largest payload of one UDP datagram over IPv4: 65,535 less the IP and UDP headers. */
    public static final int MAX_IPV4_PAYLOAD = 65_507;
    public static final UdpSettings DEFAULT = new UdpSettings(Duration.ofSeconds(60), 1024, MAX_IPV4_PAYLOAD);

    public UdpSettings {
        SettingChecks.requirePositive("UDP idle timeout", idleTimeout);
        SettingChecks.requireAtLeast("UDP max sessions", maxSessions, 1);
        SettingChecks.requireAtLeast("UDP max datagram size", maxDatagramSize, 1);
        if (maxDatagramSize > MAX_IPV4_PAYLOAD) {
            throw new IllegalArgumentException("UDP max datagram size " + maxDatagramSize + " is more than a datagram can carry (expected at most "
                    + MAX_IPV4_PAYLOAD + ")");
        }
    }

    public UdpSettings withIdleTimeout(Duration value) {
        return new UdpSettings(value, maxSessions, maxDatagramSize);
    }

    public UdpSettings withMaxSessions(int value) {
        return new UdpSettings(idleTimeout, value, maxDatagramSize);
    }

    public UdpSettings withMaxDatagramSize(int value) {
        return new UdpSettings(idleTimeout, maxSessions, value);
    }
}
