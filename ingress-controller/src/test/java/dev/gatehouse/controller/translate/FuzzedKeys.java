package dev.gatehouse.controller.translate;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys and values of a fuzz input, one {@code key=value} a line, so that seeds are readable files: a key without
 * a slash gets {@code prefix} (none when it is empty), and {@code \n} in a value stands for a line break.
 */
final class FuzzedKeys {

    private FuzzedKeys() {
    }

    static Map<String, String> read(byte[] input, String prefix) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : new String(input, StandardCharsets.UTF_8).split("\n", -1)) {
            int equals = line.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String key = line.substring(0, equals);
            keys.put(key.indexOf('/') < 0 ? prefix + key : key, line.substring(equals + 1).replace("\\n", "\n"));
        }
        return keys;
    }
}
