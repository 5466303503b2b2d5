package dev.gatehouse.cloud.fake.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An Azure Resource Manager stand-in for the provider tests: WireMock over HTTPS on a loopback port (the
 * SDK sends bearer tokens only over TLS), a client trusting exactly WireMock's built-in certificate, a
 * fixed token, and the JSON shapes of the DNS API (version 2018-05-01). dns-sync extends it with the
 * settings of its own provider, which this library cannot see; clients trust it through
 * {@link PinnedWireMockTrust}.
 */
public class ArmDnsStub {

    public static final String SUBSCRIPTION = "6a0c4b1e-0000-4000-8000-000000000001";
    public static final String GROUP = "dns-rg";
    public static final String TOKEN = "test-token-not-a-secret";

    protected ArmDnsStub() {
    }

    public static WireMockExtension server() {
        WireMockConfiguration options = wireMockConfig().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort();
        return WireMockExtension.newInstance().options(options).build();
    }

    public static String baseUrl(WireMockExtension server) {
        return "https://127.0.0.1:" + server.getHttpsPort();
    }

    public static String zoneId(String group, String name) {
        return "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + group
                + "/providers/Microsoft.Network/dnszones/" + name;
    }

    /** The SDK spells the collection {@code dnsZones}; Azure's own ids say {@code dnszones}. */
    public static String zonesPath(String group) {
        return "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + group + "/providers/Microsoft.Network/dnsZones";
    }

    public static String recordSetsPath(String zone) {
        return zonesPath(GROUP) + "/" + zone + "/recordsets";
    }

    public static String recordSetPath(String zone, String type, String relativeName) {
        return zonesPath(GROUP) + "/" + zone + "/" + type + "/" + relativeName;
    }

    public static String zoneJson(String group, String name) {
        return """
                {"id":"%s","name":"%s","type":"Microsoft.Network/dnszones","location":"global","etag":"zone-etag",
                 "properties":{"maxNumberOfRecordSets":10000,"numberOfRecordSets":2,"zoneType":"Public",
                 "nameServers":["ns1-01.azure-dns.com."]}}""".formatted(zoneId(group, name), name);
    }

    /** A record set as Azure returns it; {@code properties} are the type's record fields, comma-separated. */
    public static String recordSetJson(String zone, String type, String relativeName, String etag, long ttl, String properties) {
        String fqdn = ("@".equals(relativeName) ? zone : relativeName + "." + zone) + ".";
        return """
                {"id":"%s/%s/%s","name":"%s","type":"Microsoft.Network/dnszones/%s","etag":"%s",
                 "properties":{"fqdn":"%s","TTL":%d,"provisioningState":"Succeeded"%s}}"""
                .formatted(zoneId(GROUP, zone), type, relativeName, relativeName, type, etag, fqdn, ttl,
                        properties.isEmpty() ? "" : "," + properties);
    }

    public static String aRecords(String... addresses) {
        return "\"ARecords\":[" + Arrays.stream(addresses).map(a -> "{\"ipv4Address\":\"" + a + "\"}")
                .collect(Collectors.joining(",")) + "]";
    }

    public static String cnameRecord(String target) {
        return "\"CNAMERecord\":{\"cname\":\"" + target + "\"}";
    }

    /** One TXT record per argument, each given as its strings. */
    public static String txtRecords(List<?>... records) {
        return "\"TXTRecords\":[" + Arrays.stream(records).map(strings -> "{\"value\":[" + strings.stream()
                .map(s -> "\"" + s + "\"").collect(Collectors.joining(",")) + "]}")
                .collect(Collectors.joining(",")) + "]";
    }

    public static String page(String nextLink, String... items) {
        return "{\"value\":[" + String.join(",", items) + "]"
                + (nextLink == null ? "" : ",\"nextLink\":\"" + nextLink + "\"") + "}";
    }

    /** The zone's record sets on one page, replacing what an earlier call stubbed. */
    public static void stubRecordSets(WireMockExtension server, String zone, String... sets) {
        server.stubFor(get(urlPathEqualTo(recordSetsPath(zone))).withQueryParam("$skipToken", absent())
                .willReturn(okJson(page(null, sets))));
    }

    public static void stubRecordSetsPage(WireMockExtension server, String zone, String skipToken, String nextLink,
                                   String... sets) {
        server.stubFor(get(urlPathEqualTo(recordSetsPath(zone)))
                .withQueryParam("$skipToken", skipToken == null ? absent() : equalTo(skipToken))
                .willReturn(okJson(page(nextLink, sets))));
    }

    public static String nextLink(WireMockExtension server, String zone, String skipToken) {
        return baseUrl(server) + recordSetsPath(zone) + "?api-version=2018-05-01&$skipToken=" + skipToken;
    }

    public static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    /** Every request that was not a read: what the provider wrote. */
    public static List<LoggedRequest> writes(WireMockExtension server) {
        return server.findAll(anyRequestedFor(anyUrl())).stream()
                .filter(request -> !RequestMethod.GET.equals(request.getMethod()))
                .toList();
    }
}
