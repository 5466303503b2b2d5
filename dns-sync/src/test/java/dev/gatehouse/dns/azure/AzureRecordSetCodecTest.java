package dev.gatehouse.dns.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.resourcemanager.dns.fluent.models.RecordSetInner;
import com.azure.resourcemanager.dns.models.TxtRecord;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import java.util.List;
import org.junit.jupiter.api.Test;

class AzureRecordSetCodecTest {

    private static final Zone ZONE = ArmStub.zone("example.com");

    @Test
    void cutsALongTxtTextInto255CharacterStrings() {
        String text = "k=" + "x".repeat(600);

        RecordSetInner set = RecordSetCodec.toRecordSet(DnsRecord.of("long.example.com", RecordType.TXT, 300, text));

        List<String> strings = set.txtRecords().get(0).value();
        assertThat(strings).extracting(String::length).containsExactly(255, 255, 92);
        assertThat(String.join("", strings)).isEqualTo(text);
    }

    @Test
    void keepsAnEmptyTxtTextAsOneEmptyString() {
        RecordSetInner set = RecordSetCodec.toRecordSet(DnsRecord.of("empty.example.com", RecordType.TXT, 300, ""));

        assertThat(set.txtRecords()).extracting(TxtRecord::value).containsExactly(List.of(""));
    }

    @Test
    void namesRecordSetsRelativeToTheirZoneWithAnAtForTheApex() {
        assertThat(RecordSetCodec.relativeName(ZONE, "example.com.")).isEqualTo("@");
        assertThat(RecordSetCodec.relativeName(ZONE, "WWW.Example.com")).isEqualTo("www");
        assertThat(RecordSetCodec.relativeName(ZONE, "*.apps.example.com")).isEqualTo("*.apps");
        assertThat(RecordSetCodec.absoluteName(ZONE, "@")).isEqualTo("example.com");
        assertThat(RecordSetCodec.absoluteName(ZONE, "*.apps")).isEqualTo("*.apps.example.com");
    }

    @Test
    void refusesANameOutsideTheZone() {
        assertThatThrownBy(() -> RecordSetCodec.relativeName(ZONE, "www.notexample.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name www.notexample.com is not in zone example.com");
    }

    @Test
    void refusesACnameWithMoreThanOneTarget() {
        DnsRecord twoTargets = DnsRecord.of("www.example.com", RecordType.CNAME, 300, "a.example.net", "b.example.net");

        assertThatThrownBy(() -> RecordSetCodec.toRecordSet(twoTargets))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CNAME targets [a.example.net, b.example.net]: expected exactly one hostname");
    }

    @Test
    void writesAnAliasBackAsItsTargetResource() {
        String publicIp = "/subscriptions/" + ArmStub.SUBSCRIPTION
                + "/resourcegroups/edge-rg/providers/microsoft.network/publicipaddresses/edge-ip";

        RecordSetInner set = RecordSetCodec.toRecordSet(
                new DnsRecord("example.com", RecordType.A, 300, List.of(publicIp), true));

        assertThat(set.targetResource().id()).isEqualTo(publicIp);
        assertThat(set.aRecords()).isNull();
    }

    @Test
    void refusesAnAliasToAHostnameBecauseAzureAliasesPointAtResources() {
        DnsRecord route53Style = new DnsRecord("example.com", RecordType.A, 300,
                List.of("edge-123.elb.us-east-1.amazonaws.com"), true);

        assertThatThrownBy(() -> RecordSetCodec.toRecordSet(route53Style))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected one Azure resource id");
    }
}
