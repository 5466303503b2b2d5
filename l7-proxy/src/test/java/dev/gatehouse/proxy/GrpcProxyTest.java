package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.UpstreamProtocol;
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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * gRPC through the proxy with grpc-java on both ends: a unary call, a server-streaming call, and an error
 * status, which travels in the trailers. The service is defined by hand with a text marshaller, so no
 * generated code is needed.
 */
class GrpcProxyTest {

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
    private static final MethodDescriptor<String, String> SAY = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("test.Echo/Say")
            .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();
    private static final MethodDescriptor<String, String> COUNT = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
            .setFullMethodName("test.Echo/Count")
            .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();

    private static Server server;
    private static ProxyFixture fixture;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(ServerServiceDefinition.builder("test.Echo")
                        .addMethod(SAY, ServerCalls.asyncUnaryCall((request, response) -> {
                            if (request.equals("missing")) {
                                response.onError(Status.NOT_FOUND.withDescription("no such thing: missing").asRuntimeException());
                                return;
                            }
                            response.onNext("hello, " + request);
                            response.onCompleted();
                        }))
                        .addMethod(COUNT, ServerCalls.asyncServerStreamingCall((request, response) -> {
                            for (int i = 1; i <= Integer.parseInt(request); i++) {
                                response.onNext("item " + i);
                            }
                            response.onCompleted();
                        }))
                        .build())
                .build()
                .start();
        fixture = new ProxyFixture();
        fixture.proxy.apply(new Snapshots()
                .route("grpc.example", "/", "grpc", server.getPort())
                .policy("grpc", ClusterPolicy.DEFAULT.withProtocol(UpstreamProtocol.H2C))
                .build(1));
        channel = NettyChannelBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), fixture.port()))
                .usePlaintext()
                .overrideAuthority("grpc.example")
                .build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        fixture.close();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void a_unary_call_goes_through_the_proxy() {
        String answer = ClientCalls.blockingUnaryCall(channel, SAY, io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "gatehouse");

        assertThat(answer).isEqualTo("hello, gatehouse");
    }

    @Test
    void a_server_streaming_call_delivers_every_message() {
        Iterator<String> items = ClientCalls.blockingServerStreamingCall(channel, COUNT,
                io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "5");
        List<String> received = new ArrayList<>();
        items.forEachRemaining(received::add);

        assertThat(received).containsExactly("item 1", "item 2", "item 3", "item 4", "item 5");
    }

    @Test
    void an_error_status_reaches_the_client_through_the_trailers() {
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, SAY,
                io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "missing"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).isEqualTo("no such thing: missing");
                });
    }
}
