package dev.gatehouse.controller.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.TlsBinding;
import dev.gatehouse.tls.PemCertificates;
import dev.gatehouse.tls.testing.TestCertificates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CertificateRowsTest {

    private static final TestCertificates.Issued CA = TestCertificates.ca("Rows Test CA");
    private static final Instant NOW = Instant.now();

    @Test
    void aCertificateWithUnderTwentyOneDaysLeftIsFlaggedWithItsIssuerNamesAndDaysLeft() throws Exception {
        Map<String, Object> row = CertificateRows.rows(List.of(binding("shop.example", "shop/tls", 90, 10)), Map.of(), NOW).get(0);

        assertThat(row).containsEntry("host", "shop.example").containsEntry("secret", "shop/tls")
                .containsEntry("issuer", "Rows Test CA").containsEntry("names", List.of("shop.example"))
                .containsEntry("daysLeft", 9L).containsEntry("expiring", true).containsEntry("acme", null);
    }

    @Test
    void aCertificateWithMoreThanTwentyOneDaysLeftIsNotFlagged() throws Exception {
        Map<String, Object> row = CertificateRows.rows(List.of(binding("shop.example", "shop/tls", 30, 60)), Map.of(), NOW).get(0);

        assertThat(row).containsEntry("expiring", false);
    }

    @Test
    void aShortLivedAcmeCertificateIsFlaggedOnlyOnceItsRenewalIsOverdue() throws Exception {
        // six days of life: four days in, Gatehouse renews; three days left is no alarm, one day left is
        TlsBinding fresh = binding("a.example", "default/a-tls", 3, 3);
        TlsBinding overdue = binding("b.example", "default/b-tls", 5, 1);
        Map<String, String> acme = Map.of("default/a-tls", "issued; renews from later", "default/b-tls", "failed 3 times in a row");

        List<Map<String, Object>> rows = CertificateRows.rows(List.of(fresh, overdue), acme, NOW);

        assertThat(rows.get(0)).containsEntry("expiring", false).containsEntry("acme", "issued; renews from later");
        assertThat(rows.get(1)).containsEntry("expiring", true).containsEntry("acme", "failed 3 times in a row");
    }

    @Test
    void noKeyFingerprintOrPemIsInARow() throws Exception {
        TlsBinding binding = binding("shop.example", "shop/tls", 30, 60);

        String row = CertificateRows.rows(List.of(binding), Map.of(), NOW).get(0).toString();

        assertThat(row).doesNotContain(binding.certificate().fingerprint(), "PRIVATE", "BEGIN");
    }

    private static TlsBinding binding(String host, String secret, int daysAgo, int daysLeft) throws Exception {
        TestCertificates.Issued issued = TestCertificates.issue(CA, TestCertificates.KeyType.EC,
                NOW.minus(Duration.ofDays(daysAgo)), NOW.plus(Duration.ofDays(daysLeft)).minusSeconds(60), host);
        return new TlsBinding(HostPattern.of(host), secret, PemCertificates.read(issued.certificatePem(), issued.pkcs8()));
    }
}
