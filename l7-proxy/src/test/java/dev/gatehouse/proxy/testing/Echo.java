package dev.gatehouse.proxy.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the body of a {@link TestUpstream} echo: {@code upstream}, {@code method}, {@code uri},
 * {@code body-bytes}, and {@code header.<lower-case name>} for each request header.
 */
public final class Echo {

    private Echo() {
    }

    public static Map<String, String> parse(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return fields;
    }
}
