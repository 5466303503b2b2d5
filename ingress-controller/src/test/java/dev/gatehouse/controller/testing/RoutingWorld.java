package dev.gatehouse.controller.testing;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.runtime.StandaloneGatehouse;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small cluster on one machine: for each Service a set of real upstream servers named after it (the
 * replicas {@code name-1}, {@code name-2}, ... when there are several), its Service and EndpointSlice
 * written to a manifest directory with the test's Ingresses, and Gatehouse in standalone mode serving
 * that directory. {@link #answeredBy} tells which upstream answered a request.
 */
public final class RoutingWorld implements AutoCloseable {

    private final Path directory;
    private final Map<String, List<TestUpstream>> upstreams;
    private final Gatehouse gatehouse;
    private final Http http;

    private RoutingWorld(Path directory, Map<String, List<TestUpstream>> upstreams, Gatehouse gatehouse) {
        this.directory = directory;
        this.upstreams = upstreams;
        this.gatehouse = gatehouse;
        this.http = new Http(gatehouse.proxy().httpAddress().getPort());
    }

    /**
     * Builds the world; {@code services} maps a Service name to its number of replicas (0: no ready endpoint).
     * In {@code ingresses}, {@code ${port:NAME}} stands for the port of the upstream named NAME, for
     * manifests that point at an upstream by hand (Endpoints objects, ExternalName Services).
     */
    public static RoutingWorld start(Path directory, Map<String, Integer> services, String ingresses) {
        return start(directory, services, ingresses, TranslatorSettings.defaults());
    }

    /** As {@link #start(Path, Map, String)}, translating with {@code settings}. */
    public static RoutingWorld start(Path directory, Map<String, Integer> services, String ingresses, TranslatorSettings settings) {
        return start(directory, services, ingresses, settings, ProxySettings.AccessLogFormat.OFF, System.out);
    }

    /** As {@link #start(Path, Map, String)}, with the proxy's access log in {@code accessLog}, on System.out as the command line has it. */
    public static RoutingWorld start(Path directory, Map<String, Integer> services, String ingresses,
                                     ProxySettings.AccessLogFormat accessLog) {
        return start(directory, services, ingresses, TranslatorSettings.defaults(), accessLog, System.out);
    }

    /** As {@link #start(Path, Map, String)}, with the proxy's access log in {@code accessLog}, written to {@code out}. */
    public static RoutingWorld start(Path directory, Map<String, Integer> services, String ingresses,
                                     ProxySettings.AccessLogFormat accessLog, OutputStream out) {
        return start(directory, services, ingresses, TranslatorSettings.defaults(), accessLog, out);
    }

    private static RoutingWorld start(Path directory, Map<String, Integer> services, String ingresses, TranslatorSettings settings,
                                      ProxySettings.AccessLogFormat accessLog, OutputStream out) {
        Map<String, List<TestUpstream>> upstreams = new LinkedHashMap<>();
        StringBuilder manifests = new StringBuilder();
        try {
            services.forEach((name, replicas) -> {
                List<TestUpstream> started = new ArrayList<>();
                for (int i = 1; i <= replicas; i++) {
                    started.add(TestUpstream.start(replicas == 1 ? name : name + "-" + i));
                }
                upstreams.put(name, started);
                manifests.append(serviceYaml(name, started));
            });
            Files.writeString(directory.resolve("services.yaml"), manifests);
            String resolved = ingresses;
            for (List<TestUpstream> replicas : upstreams.values()) {
                for (TestUpstream upstream : replicas) {
                    resolved = resolved.replace("${port:" + upstream.name() + "}", Integer.toString(upstream.port()));
                }
            }
            Files.writeString(directory.resolve("ingresses.yaml"), resolved);
            Gatehouse gatehouse = StandaloneGatehouse.serving(directory,
                    ProxySettings.builder().bindAddress("127.0.0.1").httpPort(0).adminPort(0).eventLoopThreads(2)
                            .upstreamReadTimeout(Duration.ofSeconds(10)).accessLog(accessLog).build(),
                    settings).debounce(Duration.ofMillis(50), Duration.ofMillis(500)).accessLog(out).start();
            return new RoutingWorld(directory, upstreams, gatehouse);
        } catch (IOException e) {
            upstreams.values().forEach(list -> list.forEach(TestUpstream::close));
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            upstreams.values().forEach(list -> list.forEach(TestUpstream::close));
            throw e;
        }
    }

    private static String serviceYaml(String name, List<TestUpstream> replicas) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: %1$s
                spec:
                  ports:
                  - name: http
                    port: 8080
                ---
                """.formatted(name));
        for (int i = 0; i < replicas.size(); i++) {
            yaml.append("""
                    apiVersion: discovery.k8s.io/v1
                    kind: EndpointSlice
                    metadata:
                      name: %1$s-%2$d
                      labels:
                        kubernetes.io/service-name: %1$s
                    addressType: IPv4
                    ports:
                    - name: http
                      port: %3$d
                    endpoints:
                    - addresses: ["127.0.0.1"]
                      conditions:
                        ready: true
                    ---
                    """.formatted(name, i, replicas.get(i).port()));
        }
        return yaml.toString();
    }

    /** The name of the upstream that answered GET {@code path} on {@code host}, or "status N" when none did. */
    public String answeredBy(String host, String path) {
        return Http.answeredBy(http.get(host.isEmpty() ? null : host, path));
    }

    public Http http() {
        return http;
    }

    public HttpResponse<String> get(String host, String path) {
        return http.get(host.isEmpty() ? null : host, path);
    }

    public Path directory() {
        return directory;
    }

    public Gatehouse gatehouse() {
        return gatehouse;
    }

    public List<TestUpstream> upstreams(String service) {
        return upstreams.get(service);
    }

    @Override
    public void close() {
        gatehouse.close();
        upstreams.values().forEach(list -> list.forEach(TestUpstream::close));
    }
}
