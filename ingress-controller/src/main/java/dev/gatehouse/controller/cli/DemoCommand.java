package dev.gatehouse.controller.cli;

import dev.gatehouse.controller.demo.EchoUpstream;
import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.runtime.StandaloneGatehouse;
import dev.gatehouse.controller.translate.TranslatorSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {
                "Runs Gatehouse on this machine against the example manifests: starts two echo upstreams on "
                        + "127.0.0.1:18081 and 127.0.0.1:18082 (the two replicas of the 'webserver' Service), serves "
                        + "manifests/examples/ on 127.0.0.1 and prints curl commands to try. Stop with Ctrl-C."})
final class DemoCommand implements Callable<Integer> {

    static final int[] REPLICA_PORTS = {18081, 18082};
    private static final List<String> EXAMPLES = List.of("web.yaml", "gateway.yaml");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--manifests", paramLabel = "DIR",
            description = "Directory to serve (default: ./manifests/examples when it exists, else the copy inside the jar).")
    Path manifests;

    @Mixin
    ProxyOptions proxy;

    @Mixin
    LogOptions logs;

    @Override
    public Integer call() throws InterruptedException {
        logs.apply();
        Path directory = manifests != null ? manifests : examples();
        if (!Files.isDirectory(directory)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--manifests': '"
                    + directory + "' is not a directory (expected a directory of Kubernetes manifests)");
        }
        List<AutoCloseable> running = new ArrayList<>();
        try {
            for (int i = 0; i < REPLICA_PORTS.length; i++) {
                running.add(EchoUpstream.start("webserver-" + (i + 1), REPLICA_PORTS[i]));
            }
            Gatehouse gatehouse = StandaloneGatehouse.serving(directory.toAbsolutePath(),
                    proxy.settings(spec.commandLine(), "127.0.0.1"), TranslatorSettings.defaults())
                    .debounce(Duration.ofMillis(100), Duration.ofSeconds(1)).start();
            running.add(0, gatehouse);
            printWelcome(spec.commandLine().getOut(), directory, gatehouse.proxy().httpAddress().getPort(),
                    gatehouse.proxy().httpsAddress().getPort(), gatehouse.proxy().adminAddress().getPort());
        } catch (RuntimeException e) {
            closeAll(running);
            throw e;
        }
        return RunCommand.awaitShutdown(() -> closeAll(running));
    }

    private static void printWelcome(PrintWriter out, Path directory, int httpPort, int httpsPort, int adminPort) {
        String proxy = "http://127.0.0.1:" + httpPort;
        out.println();
        out.println("Gatehouse demo is running.");
        out.println("  proxy:     " + proxy + "   (https: https://127.0.0.1:" + httpsPort + ", admin: http://127.0.0.1:" + adminPort + ")");
        out.println("  upstreams: webserver-1 on 127.0.0.1:" + REPLICA_PORTS[0] + ", webserver-2 on 127.0.0.1:" + REPLICA_PORTS[1]);
        out.println("  manifests: " + directory.toAbsolutePath().normalize());
        out.println("  dashboard: http://127.0.0.1:" + adminPort + "/   (open it in a browser: hosts, endpoints, problems, live)");
        out.println();
        out.println("Try:");
        String admin = "http://127.0.0.1:" + adminPort;
        tryThis(out, "curl -H 'Host: web.example.com' " + proxy + "/index.html", "run it twice: the replicas take turns");
        tryThis(out, "curl -H 'Host: web.example.com' " + proxy + "/cgi-bin/action", "a longer prefix rule, same Service");
        tryThis(out, "curl -H 'Host: other.example.com' " + proxy + "/", "no rule for this host: the default backend");
        tryThis(out, "curl -H 'Host: gateway.example.com' " + proxy + "/", "the same Service through Gateway API (gateway.yaml)");
        tryThis(out, "curl -i -H 'Host: gateway.example.com' -H 'X-Site: old' " + proxy + "/", "an HTTPRoute header match: a redirect");
        tryThis(out, "curl -k --resolve web.example.com:" + httpsPort + ":127.0.0.1 https://web.example.com:" + httpsPort + "/",
                "HTTPS, with the generated default certificate");
        tryThis(out, "curl " + admin + "/routes", "the live routing snapshot");
        tryThis(out, "curl " + admin + "/metrics", "Prometheus metrics");
        out.println();
        out.println("Edit the files in the manifests directory: changes are live within a second, without a restart.");
        out.println("Stop with Ctrl-C.");
        out.flush();
    }

    private static void tryThis(PrintWriter out, String command, String comment) {
        out.printf("  %-68s # %s%n", command, comment);
    }

    /** ./manifests/examples when run from a checkout, else the examples inside the jar, copied to a temporary directory. */
    private static Path examples() {
        Path local = Path.of("manifests", "examples");
        if (Files.isDirectory(local)) {
            return local;
        }
        try {
            Path copy = Files.createTempDirectory("gatehouse-examples");
            for (String name : EXAMPLES) {
                try (InputStream in = DemoCommand.class.getResourceAsStream("/examples/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("the jar has no /examples/" + name + " (expected a jar built by mvn package)");
                    }
                    Files.copy(in, copy.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            copy.toFile().deleteOnExit();
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the examples to a temporary directory: " + e.getMessage(), e);
        }
    }

    private static void closeAll(List<AutoCloseable> running) {
        for (AutoCloseable resource : running) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("gatehouse demo: stopping " + resource + " failed: " + e.getMessage());
            }
        }
    }
}
