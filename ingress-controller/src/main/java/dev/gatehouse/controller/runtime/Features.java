package dev.gatehouse.controller.runtime;

import dev.gatehouse.controller.dns.DnsSetup;
import dev.gatehouse.controller.marathon.MarathonSettings;
import dev.gatehouse.proxy.ProxySettings;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * What either mode is asked to run besides its source and ACME (whose home differs by mode): the proxy, and
 * each optional part present or absent.
 *
 * @param accessLog     where the proxy's access log goes, if on
 * @param drainDelay    how the proxy stops: see {@link dev.gatehouse.proxy.ProxyServer#shutdown}
 * @param dns           publishing our hosts to DNS
 * @param marathon      routing a Marathon's apps by their labels
 */
record Features(ProxySettings proxy, OutputStream accessLog, Duration drainDelay, Duration shutdownTimeout,
                Optional<DnsSetup> dns, Optional<MarathonSettings> marathon) {

    static Features of(ProxySettings proxy) {
        return new Features(proxy, System.out, Duration.ZERO, Duration.ofSeconds(1), Optional.empty(), Optional.empty());
    }

    Features withAccessLog(OutputStream to) {
        return new Features(proxy, to, drainDelay, shutdownTimeout, dns, marathon);
    }

    Features withDrain(Duration delay, Duration timeout) {
        return new Features(proxy, accessLog, delay, timeout, dns, marathon);
    }

    Features withDns(DnsSetup setup) {
        return new Features(proxy, accessLog, drainDelay, shutdownTimeout, Optional.of(setup), marathon);
    }

    Features withMarathon(MarathonSettings settings) {
        return new Features(proxy, accessLog, drainDelay, shutdownTimeout, dns, Optional.of(settings));
    }
}
