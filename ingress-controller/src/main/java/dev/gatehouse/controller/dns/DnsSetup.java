package dev.gatehouse.controller.dns;

import dev.gatehouse.dns.DnsProvider;
import dev.gatehouse.dns.DnsSyncSettings;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How the controller runs the DNS sync.
 *
 * @param provider makes the provider once the sync starts (so a replica that never leads makes no client)
 * @param interval the periodic resync; source changes trigger a loop sooner
 * @param retryFirst the first wait after a failed loop, doubling up to {@code retryMax}
 */
public record DnsSetup(Supplier<DnsProvider> provider, DnsSyncSettings sync, Duration interval, Duration retryFirst,
                       Duration retryMax, long defaultTtl) {

    public static DnsSetup of(Supplier<DnsProvider> provider, DnsSyncSettings sync) {
        return new DnsSetup(provider, sync, Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofMinutes(5), 300);
    }

    public DnsSetup withInterval(Duration newInterval) {
        return new DnsSetup(provider, sync, newInterval, retryFirst, retryMax, defaultTtl);
    }

    public DnsSetup withRetry(Duration first, Duration max) {
        return new DnsSetup(provider, sync, interval, first, max, defaultTtl);
    }
}
