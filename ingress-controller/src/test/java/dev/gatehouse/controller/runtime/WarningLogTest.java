package dev.gatehouse.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.logs.JsonLines;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.logging.testing.LogCapture;
import dev.gatehouse.routing.RoutingSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WarningLogTest {

    private static final Warning BAD_HOST = new Warning(new ObjectRef("Ingress", "shop", "web"), Warning.INVALID_HOST,
            "ingress shop/web: host \"-bad\" is not a DNS name");

    @Test
    void aNewWarningIsLoggedOnceWithTheObjectAndReasonAsFieldsOfItsJsonLine() {
        WarningLog warnings = new WarningLog();
        try (LogCapture logs = LogCapture.start()) {
            warnings.accept(new Translation(RoutingSnapshot.empty(), List.of(BAD_HOST), List.of(), List.of()));
            warnings.accept(new Translation(RoutingSnapshot.empty(), List.of(BAD_HOST), List.of(), List.of()));

            assertThat(logs.events()).hasSize(1);
            JsonNode json = JsonMapper.builder().build().readTree(
                    new String(new JsonLines().encode(logs.events().get(0)), StandardCharsets.UTF_8));
            assertThat(json.path("message").asString()).isEqualTo("ingress shop/web: host \"-bad\" is not a DNS name [InvalidHost]");
            assertThat(json.path("kind").asString()).isEqualTo("Ingress");
            assertThat(json.path("namespace").asString()).isEqualTo("shop");
            assertThat(json.path("name").asString()).isEqualTo("web");
            assertThat(json.path("reason").asString()).isEqualTo("InvalidHost");
        }
    }
}
