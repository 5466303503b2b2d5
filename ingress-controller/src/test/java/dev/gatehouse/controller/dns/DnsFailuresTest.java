package dev.gatehouse.controller.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.translate.objects.Notice;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.dns.Desired;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsFailuresTest {

    private static final Zone ZONE = new Zone("Z1", "example.com");
    private static final ObjectRef WEB = new ObjectRef("Ingress", "default", "web");

    private final DnsFailures failures = new DnsFailures();

    @Test
    void aReportedFailureStaysAWarningOnTheObjectWithItsFirstWordsUntilItRecovers() {
        failures.failed(ZONE, "ingress/default/web", "HTTP 503 ServiceUnavailable (request id req-1)");

        assertThat(failures.warnings()).containsExactly(new Warning(WEB, DnsFailures.SYNC_FAILED,
                "ingress default/web: zone example.com: writing records failed and is retried:"
                        + " HTTP 503 ServiceUnavailable (request id req-1)"));
        assertThat(failures.warnings()).as("a later loop, the same failure not reported again").hasSize(1);

        assertThat(failures.recovered(ZONE, "ingress/default/web")).contains(new Notice(WEB, DnsFailures.SYNC_RECOVERED,
                "ingress default/web: zone example.com: records written again after the failure reported before"));

        assertThat(failures.warnings()).isEmpty();
        assertThat(failures.recovered(ZONE, "ingress/default/web")).as("told once").isEmpty();
    }

    @Test
    void aNewFailureReplacesTheWarningOfTheOneBefore() {
        failures.failed(ZONE, "ingress/default/web", "HTTP 503 ServiceUnavailable");
        failures.failed(ZONE, "ingress/default/web", "HTTP 403 AccessDenied");

        assertThat(failures.warnings()).singleElement().extracting(Warning::message).asString()
                .endsWith("HTTP 403 AccessDenied");
    }

    @Test
    void theFailuresOfObjectsThatNoLongerWantRecordsAreDropped() {
        failures.failed(ZONE, "ingress/default/web", "HTTP 503 ServiceUnavailable");
        failures.failed(ZONE, "ingress/default/shop", "HTTP 503 ServiceUnavailable");

        failures.retain(List.of(new Desired(DnsRecord.of("shop.example.com", RecordType.A, 300, "192.0.2.1"),
                "ingress/default/shop")));

        assertThat(failures.warnings()).extracting(Warning::object)
                .containsExactly(new ObjectRef("Ingress", "default", "shop"));
    }
}
