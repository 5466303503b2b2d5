package dev.gatehouse.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.dns.rfc2136.Rfc2136Provider;
import dev.gatehouse.dns.rfc2136.Rfc2136Settings;
import dev.gatehouse.dns.testing.BindServer;
import dev.gatehouse.dns.testing.SteppingClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/** A hostname target at a zone apex, where no CNAME may stand, against a real BIND 9. */
class ApexFlatteningTest {

    @TempDir
    Path directory;

    @Test
    void anApexHostnameIsPublishedAsTheAddressesItResolvesToAndFollowsThem() throws Exception {
        Map<String, List<InetAddress>> dns = new java.util.HashMap<>(Map.of("lb.example.net",
                List.of(InetAddress.getByName("192.0.2.7"), InetAddress.getByName("2001:db8::7"))));
        ApexFlattening resolver = new ApexFlattening(host -> {
            List<InetAddress> found = dns.get(host);
            if (found == null) {
                throw new UnknownHostException(host);
            }
            return found;
        });
        try (BindServer bind = BindServer.start(directory, BindServer.Zone.of("apex.test"))) {
            DnsReconciler sync = new DnsReconciler(Rfc2136Provider.create(Rfc2136Settings.of("127.0.0.1", bind.port(),
                    List.of("apex.test"), BindServer.KEY_NAME, bind.secret())), DnsSyncSettings.defaults("apex"),
                    DnsEvents.none(), new SteppingClock(), new PrometheusRegistry(), resolver);
            List<Desired> apex = List.of(new Desired(DnsRecord.of("apex.test", RecordType.CNAME, 300, "lb.example.net"),
                    "ingress/default/apex"));

            sync.reconcile(apex);

            assertThat(bind.values("apex.test", Type.A)).containsExactly("192.0.2.7");
            assertThat(bind.values("apex.test", Type.AAAA)).containsExactly("2001:db8:0:0:0:0:0:7");
            assertThat(bind.values("apex.test", Type.CNAME)).isEmpty();

            dns.put("lb.example.net", List.of(InetAddress.getByName("192.0.2.8")));
            sync.reconcile(apex);

            assertThat(bind.values("apex.test", Type.A)).containsExactly("192.0.2.8");
            assertThat(bind.values("apex.test", Type.AAAA)).isEmpty();

            dns.remove("lb.example.net");
            DnsReconciler.Result unresolved = sync.reconcile(apex);
            assertThat(unresolved.writes()).isZero();
            assertThat(bind.values("apex.test", Type.A)).containsExactly("192.0.2.8");
        }
    }
}
