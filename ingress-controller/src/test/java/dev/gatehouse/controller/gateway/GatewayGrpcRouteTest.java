package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.runtime.StandaloneGatehouse;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.testing.H2cClient;
import dev.gatehouse.proxy.testing.H2cUpstream;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.netty.handler.codec.http.HttpMethod;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GRPCRoutes served standalone through the real proxy: a gRPC call of grpc-java through a GRPCRoute to a Service port
 * that says nothing of its protocol (so h2c by the route's kind), and the method and header matches of the
 * conformance suite's GRPCRouteExactMethodMatching, GRPCRouteHeaderMatching and GRPCRouteListenerHostnameMatching with
 * HTTP/2 upstreams that report the request they saw.
 */
class GatewayGrpcRouteTest {

    private static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    @TempDir
    Path directory;

    @Test
    void aGrpcCallReachesItsServiceThroughAGrpcRouteOverH2cAndAnUnroutedMethodIsUnimplemented() throws Exception {
        MethodDescriptor<String, String> say = unary("gatehouse.test.Echo/Say");
        MethodDescriptor<String, String> shout = unary("gatehouse.test.Echo/Shout");
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(ServerServiceDefinition.builder("gatehouse.test.Echo")
                        .addMethod(say, ServerCalls.asyncUnaryCall((request, response) -> {
                            response.onNext("hello, " + request);
                            response.onCompleted();
                        }))
                        .addMethod(shout, ServerCalls.asyncUnaryCall((request, response) -> {
                            response.onNext(request.toUpperCase());
                            response.onCompleted();
                        }))
                        .build())
                .build().start();
        try (Gatehouse gatehouse = serve(service("echo", server.getPort()) + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata: {name: echo}
                spec:
                  parentRefs: [{name: same-namespace}]
                  hostnames: [grpc.example.com]
                  rules:
                  - matches: [{method: {service: gatehouse.test.Echo, method: Say}}]
                    backendRefs: [{name: echo, port: 8080}]
                """)) {
            ManagedChannel channel = NettyChannelBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                            gatehouse.proxy().httpAddress().getPort()))
                    .usePlaintext().overrideAuthority("grpc.example.com").build();
            try {
                assertThat(ClientCalls.blockingUnaryCall(channel, say, deadline(), "gatehouse")).isEqualTo("hello, gatehouse");
                assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, shout, deadline(), "gatehouse"))
                        .isInstanceOfSatisfying(StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void grpcrouteExactMethodMatchingPrefersServiceAndMethodThenServiceThenMethodAlone() throws IOException {
        try (H2cUpstream v1 = new H2cUpstream("v1"); H2cUpstream v2 = new H2cUpstream("v2"); H2cUpstream v3 = new H2cUpstream("v3");
             Gatehouse gatehouse = serve(service("v1", v1.port()) + service("v2", v2.port()) + service("v3", v3.port()) + """
                     apiVersion: gateway.networking.k8s.io/v1
                     kind: GRPCRoute
                     metadata: {name: exact-matching}
                     spec:
                       parentRefs: [{name: same-namespace}]
                       rules:
                       - matches: [{method: {service: grpc.testing.TestService, method: UnaryCall}}]
                         backendRefs: [{name: v1, port: 8080}]
                       - matches: [{method: {service: grpc.testing.TestService}}]
                         backendRefs: [{name: v2, port: 8080}]
                       - matches: [{method: {method: FullDuplexCall}}]
                         backendRefs: [{name: v3, port: 8080}]
                       - matches: [{method: {type: RegularExpression, service: "grpc\\\\.other\\\\..*", method: "Get.+"}}]
                         backendRefs: [{name: v1, port: 8080}]
                     """);
             H2cClient client = new H2cClient(gatehouse.proxy().httpAddress().getPort())) {

            assertThat(call(client, "/grpc.testing.TestService/UnaryCall", Map.of())).isEqualTo("v1");
            assertThat(call(client, "/grpc.testing.TestService/EmptyCall", Map.of())).isEqualTo("v2");
            assertThat(call(client, "/grpc.testing.TestService/FullDuplexCall", Map.of())).isEqualTo("v2");
            assertThat(call(client, "/other.Service/FullDuplexCall", Map.of())).isEqualTo("v3");
            assertThat(call(client, "/grpc.other.Things/GetThing", Map.of())).isEqualTo("v1");
            assertThat(call(client, "/grpc.other.Things/getThing", Map.of())).isEqualTo("404");
            assertThat(call(client, "/grpc.testing.TestServiceX/UnaryCall", Map.of())).isEqualTo("404");
            assertThat(call(client, "/other.Service/fullDuplexCall", Map.of())).isEqualTo("404");
        }
    }

    @Test
    void grpcrouteHeaderMatchingAndHeaderModifiersApplyToTheCallsOfTheRule() throws IOException {
        try (H2cUpstream v1 = new H2cUpstream("v1"); H2cUpstream v2 = new H2cUpstream("v2");
             Gatehouse gatehouse = serve(service("v1", v1.port()) + service("v2", v2.port()) + """
                     apiVersion: gateway.networking.k8s.io/v1
                     kind: GRPCRoute
                     metadata: {name: header-matching}
                     spec:
                       parentRefs: [{name: same-namespace}]
                       rules:
                       - matches: [{headers: [{name: version, value: one}]}]
                         filters:
                         - type: RequestHeaderModifier
                           requestHeaderModifier: {set: [{name: X-Set, value: by-route}], remove: [X-Gone]}
                         - type: ResponseHeaderModifier
                           responseHeaderModifier: {add: [{name: X-Answer, value: added}]}
                         backendRefs: [{name: v1, port: 8080}]
                       - matches: [{headers: [{name: version, value: two}, {name: color, value: orange}]}]
                         backendRefs: [{name: v2, port: 8080}]
                     """);
             H2cClient client = new H2cClient(gatehouse.proxy().httpAddress().getPort())) {

            H2cClient.Response one = client.send(HttpMethod.POST, "grpc.example.com", "/grpc.testing.TestService/UnaryCall", new byte[0],
                    Map.of("version", "one", "x-gone", "yes", "content-type", "application/grpc"));
            assertThat(one.body()).contains("upstream: v1").contains("x-set: by-route").doesNotContain("x-gone");
            assertThat(one.headers()).containsEntry("x-answer", "added");
            assertThat(one.trailers()).containsEntry("x-upstream-trailer", "done");
            assertThat(call(client, "/grpc.testing.TestService/UnaryCall", Map.of("version", "two", "color", "orange"))).isEqualTo("v2");
            assertThat(call(client, "/grpc.testing.TestService/UnaryCall", Map.of("version", "two"))).isEqualTo("404");
        }
    }

    @Test
    void grpcrouteListenerHostnameMatchingServesEachHostnameFromItsOwnRoute() throws IOException {
        try (H2cUpstream v1 = new H2cUpstream("v1"); H2cUpstream v2 = new H2cUpstream("v2");
             Gatehouse gatehouse = serve(service("v1", v1.port()) + service("v2", v2.port()) + """
                     apiVersion: gateway.networking.k8s.io/v1
                     kind: Gateway
                     metadata: {name: hostnames}
                     spec:
                       gatewayClassName: gatehouse
                       listeners:
                       - {name: foo, port: 80, protocol: HTTP, hostname: foo.example.com}
                       - {name: bar, port: 80, protocol: HTTP, hostname: "*.bar.example.com"}
                     ---
                     apiVersion: gateway.networking.k8s.io/v1
                     kind: GRPCRoute
                     metadata: {name: foo}
                     spec:
                       parentRefs: [{name: hostnames, sectionName: foo}]
                       rules: [{backendRefs: [{name: v1, port: 8080}]}]
                     ---
                     apiVersion: gateway.networking.k8s.io/v1
                     kind: GRPCRoute
                     metadata: {name: bar}
                     spec:
                       parentRefs: [{name: hostnames, sectionName: bar}]
                       rules: [{backendRefs: [{name: v2, port: 8080}]}]
                     """);
             H2cClient client = new H2cClient(gatehouse.proxy().httpAddress().getPort())) {

            assertThat(call(client, "foo.example.com", "/grpc.testing.TestService/UnaryCall")).isEqualTo("v1");
            assertThat(call(client, "baz.bar.example.com", "/grpc.testing.TestService/UnaryCall")).isEqualTo("v2");
            assertThat(call(client, "bar.example.com", "/grpc.testing.TestService/UnaryCall")).isEqualTo("404");
        }
    }

    private Gatehouse serve(String manifests) throws IOException {
        Files.writeString(directory.resolve("grpc.yaml"), GatewayWorld.BASE + manifests);
        return StandaloneGatehouse.serving(directory, ProxySettings.builder().bindAddress("127.0.0.1").httpPort(0).adminPort(0).build(),
                TranslatorSettings.defaults()).debounce(Duration.ofMillis(50), Duration.ofMillis(500)).start();
    }

    /** A Service {@code name} whose port 8080 has no {@code appProtocol}, with one endpoint on {@code port}. */
    private static String service(String name, int port) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %1$s}
                spec:
                  ports: [{name: grpc, port: 8080}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %1$s
                  labels: {kubernetes.io/service-name: %1$s}
                addressType: IPv4
                ports: [{name: grpc, port: %2$d}]
                endpoints: [{addresses: ["127.0.0.1"]}]
                ---
                """.formatted(name, port);
    }

    /** Which upstream answered a call on {@code grpc.example.com}, or the status when none did. */
    private static String call(H2cClient client, String path, Map<String, String> headers) {
        Map<String, String> withType = new HashMap<>(headers);
        withType.put("content-type", "application/grpc");
        H2cClient.Response response = client.send(HttpMethod.POST, "grpc.example.com", path, new byte[0], withType);
        return response.status() == 200 ? response.headers().get("x-upstream") : Integer.toString(response.status());
    }

    private static String call(H2cClient client, String host, String path) {
        H2cClient.Response response = client.send(HttpMethod.POST, host, path, new byte[0], Map.of("content-type", "application/grpc"));
        return response.status() == 200 ? response.headers().get("x-upstream") : Integer.toString(response.status());
    }

    private static MethodDescriptor<String, String> unary(String name) {
        return MethodDescriptor.<String, String>newBuilder().setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(name)
                .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();
    }

    private static CallOptions deadline() {
        return CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS);
    }
}
