package dev.gatehouse.controller;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.runtime.StandaloneGatehouse;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.ProxyServer;
import dev.gatehouse.proxy.ProxySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/** The marathon-lb keys, Gatehouse standalone on a manifest directory. */
class StandaloneLabelRoutingTest extends LabelRoutingContract {

    @TempDir
    static Path directory;
    private Gatehouse gatehouse;

    @Override
    ProxyServer start(String objects, TranslatorSettings translator) throws IOException {
        Files.writeString(directory.resolve("services.yaml"), objects);
        gatehouse = StandaloneGatehouse.serving(directory,
                ProxySettings.builder().bindAddress("127.0.0.1").httpPort(0).httpsPort(0).adminPort(0).eventLoopThreads(2)
                        .upstreamReadTimeout(Duration.ofSeconds(10)).build(),
                translator).debounce(Duration.ofMillis(50), Duration.ofMillis(500)).start();
        return gatehouse.proxy();
    }

    @Override
    void add(String name, String yaml) throws IOException {
        Files.writeString(directory.resolve(name + ".yaml"), yaml);
    }

    @Override
    void remove(String name) throws IOException {
        Files.delete(directory.resolve(name + ".yaml"));
    }

    @Override
    void stop() {
        if (gatehouse != null) {
            gatehouse.close();
        }
    }
}
