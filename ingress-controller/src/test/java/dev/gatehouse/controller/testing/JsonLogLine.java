package dev.gatehouse.controller.testing;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Whether a line is what {@code --log-format json} promises: one JSON object with time, level, logger and message. */
public final class JsonLogLine {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonLogLine() {
    }

    public static boolean parses(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node.isObject() && node.path("time").isString() && node.path("level").isString()
                    && node.path("logger").isString() && node.path("message").isString();
        } catch (JacksonException e) {
            return false;
        }
    }
}
