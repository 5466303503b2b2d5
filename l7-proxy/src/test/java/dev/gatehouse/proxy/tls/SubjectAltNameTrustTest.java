package dev.gatehouse.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.routing.UpstreamTls.SubjectName;
import dev.gatehouse.tls.testing.TestCertificates;
import dev.gatehouse.tls.testing.TestCertificates.Issued;
import dev.gatehouse.tls.testing.TestCertificates.KeyType;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

class SubjectAltNameTrustTest {

    private static final Issued CA = TestCertificates.ca("Backend CA");
    private static final Issued OTHER_CA = TestCertificates.ca("Other CA");
    private static final Issued SPIFFE = TestCertificates.withUri(CA, "backend.internal", "spiffe://cluster.local/ns/apps/sa/backend");
    private static final Issued WILDCARD = TestCertificates.issue(CA, KeyType.EC, "*.apps.internal");

    private static X509Certificate[] chain(Issued leaf) {
        return new X509Certificate[] {leaf.certificate(), CA.certificate()};
    }

    @Test
    void aCertificateCarryingTheWantedUriIsTrusted() throws CertificateException {
        SubjectAltNameTrust trust = SubjectAltNameTrust.of(List.of(CA.certificate()),
                List.of(new SubjectName(true, "spiffe://cluster.local/ns/apps/sa/backend")));

        trust.checkServerTrusted(chain(SPIFFE), "ECDHE_ECDSA", (SSLEngine) null);
    }

    @Test
    void aUriIsComparedExactlyAndNeverAgainstTheDnsNames() throws CertificateException {
        assertThat(SubjectAltNameTrust.carriesOne(SPIFFE.certificate(),
                List.of(new SubjectName(true, "spiffe://cluster.local/ns/apps/sa/other")))).isFalse();
        assertThat(SubjectAltNameTrust.carriesOne(SPIFFE.certificate(), List.of(new SubjectName(true, "backend.internal")))).isFalse();
        assertThat(SubjectAltNameTrust.carriesOne(SPIFFE.certificate(),
                List.of(new SubjectName(false, "spiffe://cluster.local/ns/apps/sa/backend")))).isFalse();
    }

    @Test
    void aDnsNameMatchesIgnoringCaseAndAWildcardCoversOneLabel() throws CertificateException {
        assertThat(SubjectAltNameTrust.carriesOne(SPIFFE.certificate(), List.of(new SubjectName(false, "Backend.Internal")))).isTrue();
        assertThat(SubjectAltNameTrust.carriesOne(WILDCARD.certificate(), List.of(new SubjectName(false, "api.apps.internal")))).isTrue();
        assertThat(SubjectAltNameTrust.carriesOne(WILDCARD.certificate(), List.of(new SubjectName(false, "a.b.apps.internal")))).isFalse();
        assertThat(SubjectAltNameTrust.carriesOne(WILDCARD.certificate(), List.of(new SubjectName(false, "apps.internal")))).isFalse();
    }

    @Test
    void oneOfSeveralWantedNamesIsEnough() throws CertificateException {
        assertThat(SubjectAltNameTrust.carriesOne(SPIFFE.certificate(), List.of(new SubjectName(false, "other.internal"),
                new SubjectName(true, "spiffe://cluster.local/ns/apps/sa/backend")))).isTrue();
    }

    @Test
    void aCertificateWithoutTheWantedNameIsRefusedThoughItChains() {
        SubjectAltNameTrust trust = SubjectAltNameTrust.of(List.of(CA.certificate()), List.of(new SubjectName(false, "other.internal")));

        assertThatThrownBy(() -> trust.checkServerTrusted(chain(SPIFFE), "ECDHE_ECDSA", (SSLEngine) null))
                .isInstanceOf(CertificateException.class).hasMessageContaining("other.internal");
    }

    @Test
    void aCertificateWithTheWantedNameFromAnotherCaIsRefused() {
        SubjectAltNameTrust trust = SubjectAltNameTrust.of(List.of(OTHER_CA.certificate()),
                List.of(new SubjectName(false, "backend.internal")));

        assertThatThrownBy(() -> trust.checkServerTrusted(chain(SPIFFE), "ECDHE_ECDSA", (SSLEngine) null))
                .isInstanceOf(CertificateException.class);
    }
}
