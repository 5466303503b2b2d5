package dev.gatehouse.cloud.fake.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * An in-process Route 53 for tests: a WireMock server on a loopback port that speaks the REST-XML API under
 * {@code /2013-04-01/}, with helpers to answer its calls and to read back the change batches it received.
 * dns-sync extends it with the settings and the paced provider of its own client.
 */
public class Route53Fake implements AutoCloseable {

    public static final String API = "/2013-04-01";
    private static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";

    /** One change of a received batch, read from its XML. */
    public record SentChange(String action, String name, String type, Long ttl, List<String> values, String aliasZoneId,
            String aliasDnsName, Boolean evaluateTargetHealth) {
    }

    private final WireMockServer server;

    protected Route53Fake() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .jettyAcceptors(1));
        server.start();
    }

    /** Route 53 answered by a stateful model instead of stubs. */
    protected Route53Fake(Route53Model model) {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .jettyAcceptors(1).extensions(model));
        server.start();
        server.stubFor(any(urlPathMatching(API + "/.*")).willReturn(aResponse().withTransformers(Route53Model.NAME)));
    }

    public WireMockServer server() {
        return server;
    }

    public void reset() {
        server.resetAll();
    }

    /** Where the SDK client reaches this server. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    // --- answers

    /** One page of ListHostedZones: the page asked for with {@code marker} (null for the first). */
    public void hostedZonesPage(String marker, String nextMarker, String... zones) {
        MappingBuilder request = get(urlPathEqualTo(API + "/hostedzone"))
                .withQueryParam("marker", marker == null ? absent() : equalTo(marker));
        server.stubFor(request.willReturn(xml("<ListHostedZonesResponse xmlns=\"" + NS + "\"><HostedZones>"
                + String.join("", zones) + "</HostedZones>"
                + "<Marker>" + (marker == null ? "" : marker) + "</Marker>"
                + "<IsTruncated>" + (nextMarker != null) + "</IsTruncated>"
                + (nextMarker == null ? "" : "<NextMarker>" + nextMarker + "</NextMarker>")
                + "<MaxItems>100</MaxItems></ListHostedZonesResponse>")));
    }

    public static String hostedZone(String id, String name, boolean privateZone) {
        return "<HostedZone><Id>/hostedzone/" + id + "</Id><Name>" + name + "</Name><CallerReference>ref-" + id
                + "</CallerReference><Config><PrivateZone>" + privateZone + "</PrivateZone></Config>"
                + "<ResourceRecordSetCount>2</ResourceRecordSetCount></HostedZone>";
    }

    /**
     * One page of ListResourceRecordSets: the page that starts at {@code startName}/{@code startType} (null
     * for the first), pointing at the next one when {@code nextName} is given.
     */
    public void recordSetsPage(String zoneId, String startName, String startType, String nextName, String nextType,
            String... sets) {
        MappingBuilder request = get(urlPathEqualTo(API + "/hostedzone/" + zoneId + "/rrset"))
                .withQueryParam("name", startName == null ? absent() : equalTo(startName))
                .withQueryParam("type", startType == null ? absent() : equalTo(startType));
        server.stubFor(request.willReturn(xml("<ListResourceRecordSetsResponse xmlns=\"" + NS + "\">"
                + "<ResourceRecordSets>" + String.join("", sets) + "</ResourceRecordSets>"
                + "<IsTruncated>" + (nextName != null) + "</IsTruncated>"
                + (nextName == null ? "" : "<NextRecordName>" + nextName + "</NextRecordName><NextRecordType>"
                        + nextType + "</NextRecordType>")
                + "<MaxItems>100</MaxItems></ListResourceRecordSetsResponse>")));
    }

    public void recordSets(String zoneId, String... sets) {
        recordSetsPage(zoneId, null, null, null, null, sets);
    }

    public static String recordSet(String name, String type, long ttl, String... values) {
        StringBuilder set = new StringBuilder("<ResourceRecordSet><Name>" + escape(name) + "</Name><Type>" + type
                + "</Type><TTL>" + ttl + "</TTL><ResourceRecords>");
        for (String value : values) {
            set.append("<ResourceRecord><Value>").append(escape(value)).append("</Value></ResourceRecord>");
        }
        return set.append("</ResourceRecords></ResourceRecordSet>").toString();
    }

    public static String aliasSet(String name, String type, String hostedZoneId, String dnsName, boolean evaluate) {
        return "<ResourceRecordSet><Name>" + escape(name) + "</Name><Type>" + type + "</Type><AliasTarget>"
                + "<HostedZoneId>" + hostedZoneId + "</HostedZoneId><DNSName>" + dnsName + "</DNSName>"
                + "<EvaluateTargetHealth>" + evaluate + "</EvaluateTargetHealth></AliasTarget></ResourceRecordSet>";
    }

    /** Every ChangeResourceRecordSets of the zone is accepted as change {@code changeId}. */
    public void acceptChanges(String zoneId, String changeId) {
        server.stubFor(changeRequest(zoneId).willReturn(changeAccepted(changeId)));
    }

    public static MappingBuilder changeRequest(String zoneId) {
        return post(urlPathEqualTo(API + "/hostedzone/" + zoneId + "/rrset/"));
    }

    public static ResponseDefinitionBuilder changeAccepted(String changeId) {
        return xml("<ChangeResourceRecordSetsResponse xmlns=\"" + NS + "\"><ChangeInfo><Id>/change/" + changeId
                + "</Id><Status>PENDING</Status><SubmittedAt>2026-01-01T00:00:00Z</SubmittedAt></ChangeInfo>"
                + "</ChangeResourceRecordSetsResponse>");
    }

    public static ResponseDefinitionBuilder changeStatus(String changeId, String status) {
        return xml("<GetChangeResponse xmlns=\"" + NS + "\"><ChangeInfo><Id>/change/" + changeId + "</Id><Status>"
                + status + "</Status><SubmittedAt>2026-01-01T00:00:00Z</SubmittedAt></ChangeInfo></GetChangeResponse>");
    }

    /** An error as Route 53 sends most of them. */
    public static ResponseDefinitionBuilder error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withBody("<?xml version=\"1.0\"?><ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>"
                        + code + "</Code><Message>" + escape(message) + "</Message></Error>"
                        + "<RequestId>req-1</RequestId></ErrorResponse>");
    }

    /**
     * A refused batch as Route 53 sends it: an InvalidChangeBatch error whose message lists the reasons in
     * brackets, one per refused change.
     */
    public static ResponseDefinitionBuilder invalidChangeBatch(String... reasons) {
        return error(400, "InvalidChangeBatch", "[" + String.join(", ", reasons) + "]");
    }

    public static ResponseDefinitionBuilder xml(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body);
    }

    // --- what was received

    public List<LoggedRequest> changeRequests(String zoneId) {
        return server.findAll(postRequestedFor(urlPathEqualTo(API + "/hostedzone/" + zoneId + "/rrset/")));
    }

    /** The change batches the zone received, in order, each as its changes. */
    public List<List<SentChange>> batches(String zoneId) {
        List<List<SentChange>> batches = new ArrayList<>();
        for (LoggedRequest request : changeRequests(zoneId)) {
            batches.add(parseBatch(request.getBodyAsString()));
        }
        return batches;
    }

    public int getChangeRequests(String changeId) {
        return server.findAll(getRequestedFor(urlPathEqualTo(API + "/change/" + changeId))).size();
    }

    public int requests() {
        return server.getAllServeEvents().size();
    }

    public static List<SentChange> parseBatch(String body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            Document document = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            List<SentChange> changes = new ArrayList<>();
            NodeList nodes = document.getElementsByTagName("Change");
            for (int i = 0; i < nodes.getLength(); i++) {
                Element change = (Element) nodes.item(i);
                Element set = child(change, "ResourceRecordSet");
                List<String> values = new ArrayList<>();
                NodeList valueNodes = set.getElementsByTagName("Value");
                for (int v = 0; v < valueNodes.getLength(); v++) {
                    values.add(valueNodes.item(v).getTextContent());
                }
                Element alias = child(set, "AliasTarget");
                String ttl = text(set, "TTL");
                changes.add(new SentChange(text(change, "Action"), text(set, "Name"), text(set, "Type"),
                        ttl == null ? null : Long.valueOf(ttl), values,
                        alias == null ? null : text(alias, "HostedZoneId"),
                        alias == null ? null : text(alias, "DNSName"),
                        alias == null ? null : Boolean.valueOf(text(alias, "EvaluateTargetHealth"))));
            }
            return changes;
        } catch (Exception e) {
            throw new IllegalStateException("not a ChangeResourceRecordSets body: " + body, e);
        }
    }

    private static Element child(Element parent, String name) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? null : element.getTextContent();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        server.stop();
    }
}
