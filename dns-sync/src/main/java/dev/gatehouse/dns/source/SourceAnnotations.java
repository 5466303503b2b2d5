package dev.gatehouse.dns.source;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The annotations any published object may carry (hostname, TTL, target), ours or external-dns's, and how a problem
 * with one names its object.
 */
final class SourceAnnotations {

    static final String HOSTNAME = "gatehouse.dev/hostname";
    static final String TTL = "gatehouse.dev/ttl";
    static final String TARGET = "gatehouse.dev/target";
    static final String EXTERNAL_DNS = "external-dns.alpha.kubernetes.io/";

    private static final Pattern DURATION = Pattern.compile("(\\d+)([smh]?)");

    private SourceAnnotations() {
    }

    /** The targets the object's target annotation names, which replace those of its status. */
    static Optional<List<String>> targets(HasMetadata object) {
        String override = annotation(object, TARGET, "target");
        return override == null ? Optional.empty() : Optional.of(split(override));
    }

    static Set<String> hosts(HasMetadata object) {
        String hosts = annotation(object, HOSTNAME, "hostname");
        return hosts == null ? Set.of() : new LinkedHashSet<>(split(hosts));
    }

    static long ttl(HasMetadata object, long fallback, List<SourceProblem> problems) {
        String text = annotation(object, TTL, "ttl");
        if (text == null) {
            return fallback;
        }
        var matcher = DURATION.matcher(text.trim());
        if (matcher.matches() && matcher.group(1).length() < 9) {
            long value = Long.parseLong(matcher.group(1));
            long seconds = switch (matcher.group(2)) {
                case "m" -> value * 60;
                case "h" -> value * 3600;
                default -> value;
            };
            if (seconds >= 1 && seconds <= 2_147_483_647L) {
                return seconds;
            }
        }
        problems.add(problem(object, "annotation ttl \"" + text + "\" is not a TTL (expected seconds, or a duration "
                + "such as 60s, 5m or 1h); the default " + fallback + " is used"));
        return fallback;
    }

    /** Our key first, then external-dns's, so objects move over without edits. */
    private static String annotation(HasMetadata object, String ours, String externalDnsKey) {
        Map<String, String> annotations = object.getMetadata().getAnnotations() == null ? Map.of() : object.getMetadata().getAnnotations();
        String value = annotations.get(ours);
        return value != null ? value : annotations.get(EXTERNAL_DNS + externalDnsKey);
    }

    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        for (String part : text.split("[,\\s]+")) {
            if (!part.isBlank()) {
                parts.add(part.trim().toLowerCase(Locale.ROOT));
            }
        }
        return parts;
    }

    static SourceProblem problem(HasMetadata object, String message) {
        return new SourceProblem(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName(),
                object.getKind().toLowerCase(Locale.ROOT) + " " + object.getMetadata().getNamespace() + "/"
                        + object.getMetadata().getName() + ": " + message);
    }

}
