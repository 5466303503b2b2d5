package dev.gatehouse.controller.cli;

import dev.gatehouse.controller.runtime.StandaloneGatehouse;
import dev.gatehouse.controller.translate.TranslatorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {
                "Serves the Ingresses of our class through the proxy.",
                "With --manifests DIR, reads Kubernetes objects (Ingress, IngressClass, Service, EndpointSlice, "
                        + "Endpoints, Secret) from the YAML and JSON files of a directory and applies every change "
                        + "within a second. Stop with Ctrl-C or SIGTERM."})
final class RunCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--manifests", paramLabel = "DIR",
            description = "Standalone mode: serve the manifests in this directory (required in this build: "
                    + "the Kubernetes API source is not part of it).")
    Path manifests;

    @Option(names = "--bind-address", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address the listeners bind (default: ${DEFAULT-VALUE}).")
    String bindAddress;

    @Mixin
    ProxyOptions proxy;

    @Option(names = "--ingress-class", paramLabel = "NAME", defaultValue = TranslatorSettings.DEFAULT_INGRESS_CLASS,
            description = "Serve Ingresses whose spec.ingressClassName (or kubernetes.io/ingress.class annotation) is "
                    + "this name (default: ${DEFAULT-VALUE}).")
    String ingressClass;

    @Option(names = "--controller-class", paramLabel = "NAME", defaultValue = TranslatorSettings.DEFAULT_CONTROLLER_CLASS,
            description = "Serve Ingresses of every IngressClass whose spec.controller is this value (default: ${DEFAULT-VALUE}).")
    String controllerClass;

    @Option(names = "--debounce-hold-off", paramLabel = "DURATION", defaultValue = "100ms", converter = Converters.Time.class,
            description = "Quiet time after a change before the routes are rebuilt (default: ${DEFAULT-VALUE}).")
    Duration holdOff;

    @Option(names = "--debounce-max-hold-off", paramLabel = "DURATION", defaultValue = "1s", converter = Converters.Time.class,
            description = "Longest wait after the first change of a burst before rebuilding (default: ${DEFAULT-VALUE}).")
    Duration maxHoldOff;

    @Override
    public Integer call() throws InterruptedException {
        if (manifests == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Missing option '--manifests': this build serves a directory of manifests "
                            + "and has no Kubernetes API source (expected --manifests DIR)");
        }
        if (!Files.isDirectory(manifests)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--manifests': '"
                    + manifests + "' is not a directory (expected a directory of Kubernetes manifests)");
        }
        if (maxHoldOff.compareTo(holdOff) < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--debounce-max-hold-off': '"
                    + maxHoldOff.toMillis() + "ms' is shorter than --debounce-hold-off (expected at least "
                    + holdOff.toMillis() + "ms)");
        }
        StandaloneGatehouse gatehouse = StandaloneGatehouse.start(manifests.toAbsolutePath(),
                        proxy.settings(spec.commandLine(), bindAddress), new TranslatorSettings(ingressClass, controllerClass),
                        holdOff, maxHoldOff)
                .gracefully(proxy.drainDelay, proxy.shutdownTimeout);
        return awaitShutdown(gatehouse);
    }

    /** Blocks until the JVM is asked to stop (SIGTERM, Ctrl-C), then closes {@code resource} before it exits. */
    static int awaitShutdown(AutoCloseable resource) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("gatehouse: stopping failed: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "gatehouse-shutdown"));
        stopped.await();
        return 0;
    }
}
