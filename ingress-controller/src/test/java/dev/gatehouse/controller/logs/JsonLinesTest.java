package dev.gatehouse.controller.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.gatehouse.logging.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonLinesTest {

    private final JsonLines encoder = new JsonLines();

    @Test
    void aLineWithStructuredFieldsAndAnExceptionIsOneJsonObjectWithTheFieldsAtTheTop() {
        ILoggingEvent event = logged(logger -> logger.atWarn().addKeyValue("reason", "tls").addKeyValue("count", 999L)
                .setCause(new IllegalStateException("line one\nline \"two\""))
                .log("{} more of \"{}\"", 999, "tls"));

        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        JsonNode json = JsonMapper.builder().build().readTree(line);

        assertThat(line).endsWith("}\n").doesNotContain("\n{").hasLineCount(1);
        assertThat(json.path("time").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z");
        assertThat(json.path("level").asString()).isEqualTo("WARN");
        assertThat(json.path("logger").asString()).isEqualTo("dev.gatehouse.controller.logs.JsonLinesTest");
        assertThat(json.path("message").asString()).isEqualTo("999 more of \"tls\"");
        assertThat(json.path("reason").asString()).isEqualTo("tls");
        assertThat(json.path("count").asLong()).isEqualTo(999L);
        assertThat(json.path("exception").asString()).startsWith("java.lang.IllegalStateException: line one\nline \"two\"");
    }

    @Test
    void aLevelForAnAreaSetsEachOfItsLoggersAndLeavesTheOthers() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Level before = context.getLogger("dev.gatehouse.proxy").getLevel();
        try {
            LogSetup.level("acme", "debug");
            LogSetup.level("proxy", "warn");

            assertThat(context.getLogger("dev.gatehouse.tls.acme.AcmeClient").getEffectiveLevel()).isEqualTo(Level.DEBUG);
            assertThat(context.getLogger("dev.gatehouse.controller.acme.AcmeController").getEffectiveLevel())
                    .isEqualTo(Level.DEBUG);
            assertThat(context.getLogger("dev.gatehouse.proxy.PeerFailures").getEffectiveLevel()).isEqualTo(Level.WARN);
            assertThat(context.getLogger("dev.gatehouse.controller.kube.NamedWatch").getEffectiveLevel()).isEqualTo(Level.INFO);
        } finally {
            context.getLogger("dev.gatehouse.proxy").setLevel(before);
            for (String logger : LogSetup.AREAS.get("acme")) {
                context.getLogger(logger).setLevel(null);
            }
        }
    }

    private static ILoggingEvent logged(java.util.function.Consumer<org.slf4j.Logger> log) {
        try (LogCapture logs = LogCapture.start()) {
            log.accept(LoggerFactory.getLogger(JsonLinesTest.class));
            return logs.events().get(0);
        }
    }
}
