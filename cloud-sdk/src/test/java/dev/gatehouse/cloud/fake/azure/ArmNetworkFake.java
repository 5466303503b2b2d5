package dev.gatehouse.cloud.fake.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Comparator;
import java.util.List;

/**
 * Azure Resource Manager for the tests: WireMock over HTTPS on a loopback port (the SDK sends bearer
 * tokens only over TLS) whose every request under {@code /subscriptions/} is answered by an
 * {@link ArmModel}, emptied before each test. Tests drive the real network SDK client at it through the
 * endpoint override, with a fixed token, and read back the writes it received. Each module extends it with
 * the settings of its own client, which this library cannot see.
 */
public class ArmNetworkFake extends WireMockExtension {

    public static final String SUBSCRIPTION = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
    public static final String GROUP = "gatehouse-rg";
    public static final String LOCATION = "westeurope";
    public static final String CLUSTER = "prod";
    public static final String TOKEN = "test-token-not-a-secret";
    public static final String NETWORK_GROUP = "network-rg";
    public static final String VNET = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + NETWORK_GROUP
            + "/providers/Microsoft.Network/virtualNetworks/nodes";
    public static final String NODE_SUBNET = VNET + "/subnets/nodes";
    public static final String SERVICE_SUBNET = VNET + "/subnets/services";
    public static final String NSG_NAME = "nodes-nsg";
    public static final String NSG = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + NETWORK_GROUP
            + "/providers/Microsoft.Network/networkSecurityGroups/" + NSG_NAME;

    /** A write the fake received: method, path, its conditions and its body. */
    public record Write(String method, String path, String ifMatch, String ifNoneMatch, JsonNode body) {

        /** {@code PUT <path>}, the form the tests compare call lists in. */
        public String call() {
            return method + " " + path;
        }
    }

    private final ArmModel model;

    protected ArmNetworkFake() {
        this(new ArmModel());
    }

    private ArmNetworkFake(ArmModel model) {
        super(WireMockExtension.newInstance().options(wireMockConfig().bindAddress("127.0.0.1").httpDisabled(true)
                .dynamicHttpsPort().extensions(model)));
        this.model = model;
    }

    @Override
    protected void onBeforeEach(WireMockRuntimeInfo info) {
        model.reset();
        stubFor(any(urlPathMatching("/subscriptions/.*")).atPriority(100)
                .willReturn(aResponse().withTransformers(ArmModel.NAME)));
    }

    public ArmModel model() {
        return model;
    }

    /** The fake's endpoint, for the module's settings to point the SDK at. */
    public URI endpoint() {
        return URI.create("https://127.0.0.1:" + getHttpsPort() + "/");
    }

    public static String loadBalancerPath(String name) {
        return "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + GROUP + "/providers/Microsoft.Network/loadBalancers/"
                + name;
    }

    public static String publicIpPath(String name) {
        return "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + GROUP
                + "/providers/Microsoft.Network/publicIPAddresses/" + name;
    }

    public static String securityRulePath(String name) {
        return NSG + "/securityRules/" + name;
    }

    /** Every request that was not a read, in the order they arrived. */
    public List<Write> writes() {
        return findAll(anyRequestedFor(anyUrl())).stream()
                .filter(request -> !RequestMethod.GET.equals(request.getMethod()))
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .map(ArmNetworkFake::write)
                .toList();
    }

    public List<String> writeCalls() {
        return writes().stream().map(Write::call).toList();
    }

    /** Forgets the requests so far, so that a test can look at the next step's alone. */
    public void forgetRequests() {
        resetRequests();
    }

    private static Write write(LoggedRequest request) {
        JsonNode body;
        try {
            String text = request.getBodyAsString();
            body = text == null || text.isEmpty() ? MissingNode.getInstance() : ArmModel.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Write(request.getMethod().getName(), URI.create(request.getUrl()).getPath(),
                request.getHeader("If-Match"), request.getHeader("If-None-Match"), body);
    }
}
