package dev.gatehouse.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text with nginx variables that the proxy fills in per request, as ingress-nginx's {@code auth-url},
 * {@code auth-signin} and {@code auth-cache-key} allow: {@code $host}, {@code $http_host}, {@code $request_uri},
 * {@code $escaped_request_uri}, {@code $uri}, {@code $args}, {@code $scheme}, {@code $pass_access_scheme},
 * {@code $request_method}, {@code $remote_addr}, {@code $remote_user}, {@code $http_NAME} (a request header, with
 * {@code _} for {@code -}) and {@code $cookie_NAME}; {@code ${name}} is the same as {@code $name}. The set is fixed:
 * a template is data the proxy reads, never configuration text.
 *
 * @param text the template as written
 */
public record RequestTemplate(String text) {

    /** The variables without a name part. */
    public static final Set<String> VARIABLES = Set.of("host", "http_host", "request_uri", "escaped_request_uri", "uri", "args",
            "scheme", "pass_access_scheme", "request_method", "remote_addr", "remote_user");
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z0-9_]+)}|([A-Za-z0-9_]+))");
    private static final Pattern NAMED = Pattern.compile("(http|cookie)_[A-Za-z0-9_]+");

    /**
     * A piece of the template: literal text, or a variable (its name without {@code $}).
     *
     * @param literal  the text, or null for a variable
     * @param variable the variable's name, or null for literal text
     */
    public record Part(String literal, String variable) {
    }

    public RequestTemplate {
        if (text == null || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("template \"" + text + "\" must be printable text");
        }
        parse(text);
    }

    /** The template's pieces, in order. */
    public List<Part> parts() {
        return parse(text);
    }

    /** Whether the template has no variable, so that it is the same for every request. */
    public boolean constant() {
        return parts().stream().allMatch(part -> part.literal() != null);
    }

    private static List<Part> parse(String text) {
        List<Part> parts = new ArrayList<>();
        Matcher matcher = VARIABLE.matcher(text);
        int end = 0;
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            if (!VARIABLES.contains(name) && !NAMED.matcher(name).matches()) {
                throw new IllegalArgumentException("$" + name + " is not a variable Gatehouse fills in (expected one of $"
                        + String.join(", $", VARIABLES.stream().sorted().toList()) + ", $http_NAME or $cookie_NAME)");
            }
            if (matcher.start() > end) {
                parts.add(new Part(text.substring(end, matcher.start()), null));
            }
            parts.add(new Part(null, name));
            end = matcher.end();
        }
        if (end < text.length()) {
            parts.add(new Part(text.substring(end), null));
        }
        if (parts.stream().anyMatch(part -> part.literal() != null && part.literal().contains("$"))) {
            throw new IllegalArgumentException("\"$\" must start a variable such as $host");
        }
        return List.copyOf(parts);
    }
}
