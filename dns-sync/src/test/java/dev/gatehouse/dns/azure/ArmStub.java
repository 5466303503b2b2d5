package dev.gatehouse.dns.azure;

import dev.gatehouse.cloudsdk.AzureRetry;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gatehouse.dns.Zone;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import reactor.core.publisher.Mono;

/**
 * An Azure Resource Manager stand-in for the provider tests: WireMock over HTTPS on a loopback port (the
 * SDK sends bearer tokens only over TLS), a client trusting exactly WireMock's built-in certificate, a
 * fixed token, and the JSON shapes of the DNS API (version 2018-05-01).
 */
final class ArmStub {

    static final String SUBSCRIPTION = "6a0c4b1e-0000-4000-8000-000000000001";
    static final String GROUP = "dns-rg";
    static final String TOKEN = "test-token-not-a-secret";

    private ArmStub() {
    }

    static WireMockExtension server() {
        WireMockConfiguration options = wireMockConfig().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort();
        return WireMockExtension.newInstance().options(options).build();
    }

    /** Settings pointing at the stub, with retries that wait milliseconds rather than seconds. */
    static AzureDnsSettings.Builder settings(WireMockExtension server) {
        return settings(baseUrl(server));
    }

    static AzureDnsSettings.Builder settings(String baseUrl) {
        TokenCredential token = request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
        return AzureDnsSettings.builder(SUBSCRIPTION)
                .tenantId("tenant-1")
                .resourceGroups(List.of(GROUP))
                .credential(token)
                .resourceManagerEndpoint(URI.create(baseUrl + "/"))
                .sslContext(trustingWireMock())
                .retry(new AzureRetry(2, Duration.ofMillis(1), Duration.ofMillis(5)));
    }

    static AzureDnsProvider provider(WireMockExtension server) {
        return AzureDnsProvider.create(settings(server).build());
    }

    static String baseUrl(WireMockExtension server) {
        return "https://127.0.0.1:" + server.getHttpsPort();
    }

    static Zone zone(String name) {
        return new Zone(zoneId(GROUP, name), name);
    }

    static String zoneId(String group, String name) {
        return "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + group
                + "/providers/Microsoft.Network/dnszones/" + name;
    }

    /** The SDK spells the collection {@code dnsZones}; Azure's own ids say {@code dnszones}. */
    static String zonesPath(String group) {
        return "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + group + "/providers/Microsoft.Network/dnsZones";
    }

    static String recordSetsPath(String zone) {
        return zonesPath(GROUP) + "/" + zone + "/recordsets";
    }

    static String recordSetPath(String zone, String type, String relativeName) {
        return zonesPath(GROUP) + "/" + zone + "/" + type + "/" + relativeName;
    }

    static String zoneJson(String group, String name) {
        return """
                {"id":"%s","name":"%s","type":"Microsoft.Network/dnszones","location":"global","etag":"zone-etag",
                 "properties":{"maxNumberOfRecordSets":10000,"numberOfRecordSets":2,"zoneType":"Public",
                 "nameServers":["ns1-01.azure-dns.com."]}}""".formatted(zoneId(group, name), name);
    }

    /** A record set as Azure returns it; {@code properties} are the type's record fields, comma-separated. */
    static String recordSetJson(String zone, String type, String relativeName, String etag, long ttl, String properties) {
        String fqdn = ("@".equals(relativeName) ? zone : relativeName + "." + zone) + ".";
        return """
                {"id":"%s/%s/%s","name":"%s","type":"Microsoft.Network/dnszones/%s","etag":"%s",
                 "properties":{"fqdn":"%s","TTL":%d,"provisioningState":"Succeeded"%s}}"""
                .formatted(zoneId(GROUP, zone), type, relativeName, relativeName, type, etag, fqdn, ttl,
                        properties.isEmpty() ? "" : "," + properties);
    }

    static String aRecords(String... addresses) {
        return "\"ARecords\":[" + Arrays.stream(addresses).map(a -> "{\"ipv4Address\":\"" + a + "\"}")
                .collect(Collectors.joining(",")) + "]";
    }

    static String cnameRecord(String target) {
        return "\"CNAMERecord\":{\"cname\":\"" + target + "\"}";
    }

    /** One TXT record per argument, each given as its strings. */
    static String txtRecords(List<?>... records) {
        return "\"TXTRecords\":[" + Arrays.stream(records).map(strings -> "{\"value\":[" + strings.stream()
                .map(s -> "\"" + s + "\"").collect(Collectors.joining(",")) + "]}")
                .collect(Collectors.joining(",")) + "]";
    }

    static String page(String nextLink, String... items) {
        return "{\"value\":[" + String.join(",", items) + "]"
                + (nextLink == null ? "" : ",\"nextLink\":\"" + nextLink + "\"") + "}";
    }

    /** The zone's record sets on one page, replacing what an earlier call stubbed. */
    static void stubRecordSets(WireMockExtension server, String zone, String... sets) {
        server.stubFor(get(urlPathEqualTo(recordSetsPath(zone))).withQueryParam("$skipToken", absent())
                .willReturn(okJson(page(null, sets))));
    }

    static void stubRecordSetsPage(WireMockExtension server, String zone, String skipToken, String nextLink,
                                   String... sets) {
        server.stubFor(get(urlPathEqualTo(recordSetsPath(zone)))
                .withQueryParam("$skipToken", skipToken == null ? absent() : equalTo(skipToken))
                .willReturn(okJson(page(nextLink, sets))));
    }

    static String nextLink(WireMockExtension server, String zone, String skipToken) {
        return baseUrl(server) + recordSetsPath(zone) + "?api-version=2018-05-01&$skipToken=" + skipToken;
    }

    static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    /** Every request that was not a read: what the provider wrote. */
    static List<LoggedRequest> writes(WireMockExtension server) {
        return server.findAll(anyRequestedFor(anyUrl())).stream()
                .filter(request -> !RequestMethod.GET.equals(request.getMethod()))
                .toList();
    }

    /**
     * Trusts exactly the certificate in WireMock's built-in keystore. The name check is left out because
     * that certificate names a person rather than 127.0.0.1; pinning the certificate keeps the test honest.
     */
    static SSLContext trustingWireMock() {
        try (InputStream in = WireMockConfiguration.class.getClassLoader().getResourceAsStream("keystore")) {
            KeyStore store = KeyStore.getInstance("JKS");
            store.load(in, "password".toCharArray());
            X509Certificate pinned = (X509Certificate) store.getCertificate("wiremock");
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new PinnedTrust(pinned)}, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("WireMock's built-in keystore could not be loaded", e);
        }
    }

    private static final class PinnedTrust extends X509ExtendedTrustManager {

        private final X509Certificate pinned;

        PinnedTrust(X509Certificate pinned) {
            this.pinned = pinned;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain.length == 0 || !chain[0].equals(pinned)) {
                throw new CertificateException("server certificate " + (chain.length == 0 ? "(none)"
                        : chain[0].getSubjectX500Principal()) + " is not WireMock's built-in one");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not expected");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[] {pinned};
        }
    }
}
