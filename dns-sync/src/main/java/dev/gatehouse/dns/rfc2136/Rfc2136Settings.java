package dev.gatehouse.dns.rfc2136;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where and how to send updates.
 *
 * @param host the primary server
 * @param port its port, 53 by default
 * @param zones the zones to manage, by name
 * @param tsigName the TSIG key's name; empty to send unsigned (only for servers that allow updates by
 *     address, which we advise against)
 * @param tsigSecret the key's secret, base64 as in BIND's {@code key} clause
 * @param tsigAlgorithm {@code hmac-sha256} (default), {@code hmac-sha512}, {@code hmac-sha384},
 *     {@code hmac-sha224}, {@code hmac-sha1} or {@code hmac-md5}
 * @param timeout per message
 * @param maxRecordsPerUpdate how many resource records one UPDATE message carries at most
 */
public record Rfc2136Settings(String host, int port, List<String> zones, String tsigName, String tsigSecret,
                              String tsigAlgorithm, Duration timeout, int maxRecordsPerUpdate) {

    static final Map<String, String> ALGORITHMS = Map.of(
            "hmac-md5", "hmac-md5.sig-alg.reg.int.",
            "hmac-sha1", "hmac-sha1.",
            "hmac-sha224", "hmac-sha224.",
            "hmac-sha256", "hmac-sha256.",
            "hmac-sha384", "hmac-sha384.",
            "hmac-sha512", "hmac-sha512.");

    public Rfc2136Settings {
        zones = List.copyOf(zones);
        tsigAlgorithm = tsigAlgorithm.toLowerCase(Locale.ROOT);
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("rfc2136: expected at least one --rfc2136-zone");
        }
        if (!ALGORITHMS.containsKey(tsigAlgorithm)) {
            throw new IllegalArgumentException("--rfc2136-tsig-algorithm \"" + tsigAlgorithm + "\": expected one of "
                    + ALGORITHMS.keySet().stream().sorted().toList());
        }
        if (!tsigName.isEmpty() && tsigSecret.isEmpty()) {
            throw new IllegalArgumentException("rfc2136: TSIG key \"" + tsigName + "\" has no secret");
        }
    }

    public static Rfc2136Settings of(String host, int port, List<String> zones, String tsigName, String tsigSecret) {
        return new Rfc2136Settings(host, port, zones, tsigName, tsigSecret, "hmac-sha256", Duration.ofSeconds(10),
                200);
    }

    public Rfc2136Settings withMaxRecordsPerUpdate(int max) {
        return new Rfc2136Settings(host, port, zones, tsigName, tsigSecret, tsigAlgorithm, timeout, max);
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "rfc2136 " + host + ":" + port + " zones " + zones + (tsigName.isEmpty() ? " unsigned"
                : " key " + tsigName + " (" + tsigAlgorithm + ")");
    }
}
