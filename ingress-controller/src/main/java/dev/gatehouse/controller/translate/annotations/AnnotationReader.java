package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.controller.translate.objects.Durations;
import dev.gatehouse.controller.translate.objects.HostNames;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.SourceRanges;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.RouteAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the annotations of one Ingress under both prefixes ({@code gatehouse.dev/} first), one typed value at a
 * time, reporting what it cannot use as an {@code InvalidAnnotation} warning that names the key, the value and what
 * was expected. Each feature's own reader ({@code ...Annotations.read}) builds on these.
 */
final class AnnotationReader {

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})([kKmMgG]?)");
    private final Map<String, String> annotations;
    private final ObjectRef owner;
    private final List<Warning> warnings;
    private final List<String> prefixes;
    private final String field;
    private final String reason;

    AnnotationReader(Map<String, String> annotations, ObjectRef owner, List<Warning> warnings) {
        this(annotations, AnnotationCatalog.PREFIXES, "annotation", Warning.INVALID_ANNOTATION, owner, warnings);
    }

    /**
     * A reader of other key-value settings with the same forms, such as the data of the global ConfigMap.
     *
     * @param prefixes the prefixes a key is tried under, in order ({@code ""} for bare keys)
     * @param field    what a key is called in warnings, e.g. {@code data}
     * @param reason   the warning's reason
     */
    AnnotationReader(Map<String, String> values, List<String> prefixes, String field, String reason, ObjectRef owner,
                     List<Warning> warnings) {
        this.annotations = values;
        this.owner = owner;
        this.warnings = warnings;
        this.prefixes = prefixes;
        this.field = field;
        this.reason = reason;
    }

    /** Reports refused, unknown and not-yet keys; false when one of them restricts access. */
    boolean checkKeys() {
        boolean served = true;
        for (String key : annotations.keySet().stream().sorted().toList()) {
            String prefix = AnnotationCatalog.PREFIXES.stream().filter(key::startsWith).findFirst().orElse(null);
            if (prefix == null) {
                continue;
            }
            String name = key.substring(prefix.length());
            AnnotationCatalog.Key known = AnnotationCatalog.find(name);
            if (known == null) {
                if (prefix.equals(AnnotationCatalog.PREFIXES.get(1)) || !AnnotationCatalog.otherFeature(name)) {
                    warnings.add(new Warning(owner, Warning.UNKNOWN_ANNOTATION, owner + ": annotation " + key + " is not a key "
                            + "Gatehouse knows (expected e.g. " + prefix + AnnotationCatalog.closest(name) + ")"));
                }
            } else if (known.support() == AnnotationCatalog.Support.REFUSED && name.endsWith("-snippet")) {
                warnings.add(new Warning(owner, Warning.REFUSED_ANNOTATION, owner + ": annotation " + key + " is refused: it "
                        + "injects proxy configuration text, and Gatehouse has no configuration text to inject into; the rest of "
                        + "the Ingress is served (if the snippet restricted access, use the annotation for it, such as "
                        + "allowlist-source-range)"));
            } else if (known.support() == AnnotationCatalog.Support.REFUSED) {
                served &= !known.restricts();
                warnings.add(new Warning(owner, Warning.REFUSED_ANNOTATION, owner + ": annotation " + key + " is "
                        + known.meaning() + (known.restricts() ? "" : "; the rest of the Ingress is served")));
            } else if (known.support() == AnnotationCatalog.Support.NOT_YET) {
                served &= !known.restricts();
                warnings.add(new Warning(owner, Warning.UNSUPPORTED_ANNOTATION, owner + ": annotation " + key + " is not read by "
                        + "this version of Gatehouse; " + (known.restricts() ? "the Ingress is not served, rather than served "
                        + "without it" : "the Ingress is served without it")));
            }
        }
        return served;
    }

    /** The value under our key, else under ingress-nginx's, with the key it came from. */
    String[] value(String name) {
        for (String prefix : prefixes) {
            String value = annotations.get(prefix + name);
            if (value != null) {
                return new String[] {prefix + name, value};
            }
        }
        return null;
    }

    /**
     * A {@code "true"}/{@code "false"} value: {@code fallback} when absent or unreadable; unreadable is reported, with
     * {@code otherwise} saying what then applies.
     */
    boolean flag(String name, boolean fallback, String otherwise) {
        String[] found = value(name);
        if (found == null) {
            return fallback;
        }
        String text = found[1].trim();
        if (text.equals("true") || text.equals("false")) {
            return text.equals("true");
        }
        warn(found, "is not a boolean (expected \"true\" or \"false\"); " + otherwise);
        return fallback;
    }

    /** As {@link #flag(String, boolean, String)}, saying the fallback is used. */
    boolean flag(String name, boolean fallback) {
        return flag(name, fallback, "using " + fallback);
    }

    Duration seconds(String name) {
        String[] found = value(name);
        if (found == null) {
            return null;
        }
        String text = found[1].trim();
        if (text.matches("[0-9]{1,6}") && Integer.parseInt(text) > 0) {
            return Duration.ofSeconds(Integer.parseInt(text));
        }
        Duration parsed = Durations.parse(text);
        if (parsed != null) {
            return parsed;
        }
        warn(found, "is not a number of seconds (expected a positive integer such as 60, or a duration such as 500ms); "
                + "using the default");
        return null;
    }

    int count(String name) {
        String[] found = value(name);
        if (found == null) {
            return 0;
        }
        String text = found[1].trim();
        if (text.matches("[0-9]{1,4}")) {
            // ingress-nginx's 0, no limit, becomes the proxy's default here: retries stop at the endpoints anyway
            return Integer.parseInt(text);
        }
        warn(found, "is not a count (expected an integer such as 3, 0 for the default)");
        return 0;
    }

    /** A whole number of kilobytes ({@code limit-rate}); {@code fallback} when absent or unreadable (reported). */
    int kilobytes(String name, int fallback) {
        String[] found = value(name);
        if (found == null) {
            return fallback;
        }
        String text = found[1].trim();
        if (text.matches("[0-9]{1,9}")) {
            return Integer.parseInt(text);
        }
        warn(found, "is not a whole number of kilobytes (expected e.g. 100, 0 for none); using " + (fallback == 0 ? "none" : fallback));
        return fallback;
    }

    /** A size in bytes: 0 when absent or unreadable (the default), {@link RequestPolicy#NO_LIMIT} for the user's 0. */
    long size(String name) {
        String[] found = value(name);
        if (found == null) {
            return 0;
        }
        Matcher matcher = SIZE.matcher(found[1].trim());
        if (!matcher.matches()) {
            warn(found, "is not a size (expected bytes or a number with k, m or g, e.g. 8m; 0 for no limit); using the default");
            return 0;
        }
        long amount = Long.parseLong(matcher.group(1));
        long unit = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 1024;
            case "m" -> 1024 * 1024;
            case "g" -> 1024 * 1024 * 1024;
            default -> 1;
        };
        if (amount > Long.MAX_VALUE / unit) {
            warn(found, "is too large (expected at most " + (Long.MAX_VALUE / (1024 * 1024 * 1024)) + "g); using the default");
            return 0;
        }
        long bytes = amount * unit;
        return bytes == 0 ? RequestPolicy.NO_LIMIT : bytes;
    }

    /** The ranges under {@code name}, empty when absent, null when one cannot be read (reported). */
    List<String> ranges(String name) {
        return ranges(name, "no client is allowed until it is fixed");
    }

    /**
     * The CIDR blocks and addresses under {@code name}: empty when absent; null when one cannot be read or none is there,
     * reported with {@code unreadable} saying what then applies (for an allow list, nobody rather than everyone).
     */
    List<String> ranges(String name, String unreadable) {
        String[] found = value(name);
        if (found == null) {
            return List.of();
        }
        List<String> ranges = new ArrayList<>();
        for (String range : found[1].split(",")) {
            String trimmed = range.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String problem = SourceRanges.problem(trimmed);
            if (problem != null) {
                warn(found, "holds " + problem + "; " + unreadable);
                return null;
            }
            ranges.add(trimmed);
        }
        if (ranges.isEmpty()) {
            warn(found, "holds no address (expected comma-separated CIDR blocks such as 10.0.0.0/8); " + unreadable);
            return null;
        }
        return ranges;
    }

    String host(String name) {
        String[] found = value(name);
        if (found == null) {
            return null;
        }
        String host = found[1].trim().toLowerCase(Locale.ROOT);
        String bare = host.contains(":") && !host.startsWith("[") ? host.substring(0, host.lastIndexOf(':')) : host;
        if (host.isEmpty() || HostNames.problem(bare) != null && SourceRanges.problem(bare) != null) {
            warn(found, "is not a host (expected a DNS name such as api.internal, optionally with :port); the client's Host "
                    + "is sent");
            return null;
        }
        return host;
    }

    /** temporal-redirect, else permanent-redirect (with its code): ingress-nginx tries them in that order. */
    RouteAction.Redirect redirect() {
        String[] temporal = value("temporal-redirect");
        String[] found = temporal != null ? temporal : value("permanent-redirect");
        if (found == null) {
            return null;
        }
        int status = temporal != null ? 302 : code();
        try {
            return new RouteAction.Redirect(status, found[1].trim());
        } catch (IllegalArgumentException e) {
            warn(found, "is not a URL (expected an absolute http or https URL, or a path); the Ingress forwards instead");
            return null;
        }
    }

    private int code() {
        String[] found = value("permanent-redirect-code");
        if (found == null) {
            return 301;
        }
        String text = found[1].trim();
        if (text.matches("30[12378]")) {
            return Integer.parseInt(text);
        }
        warn(found, "is not a redirect status (expected 301, 302, 303, 307 or 308); using 301");
        return 301;
    }

    String path(String name) {
        String[] found = value(name);
        if (found == null) {
            return null;
        }
        String path = found[1].trim();
        if (!path.startsWith("/") || path.length() < 2 || path.startsWith("//") || path.startsWith("/\\")
                || path.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            warn(found, "is not a path (expected e.g. /app, starting with \"/\" and without spaces); not applied");
            return null;
        }
        return path;
    }

    String text(String name) {
        String[] found = value(name);
        if (found == null) {
            return null;
        }
        String text = found[1].trim();
        if (text.isEmpty() || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            warn(found, "is not a header value (expected printable text); not applied");
            return null;
        }
        return text;
    }

    List<String> hosts(String name) {
        String[] found = value(name);
        if (found == null) {
            return List.of();
        }
        List<String> hosts = new ArrayList<>();
        for (String host : found[1].split(",")) {
            String trimmed = host.trim().toLowerCase(Locale.ROOT);
            if (trimmed.isEmpty()) {
                continue;
            }
            String problem = HostNames.problem(trimmed);
            if (problem != null) {
                warn(found, "holds host \"" + trimmed + "\", which " + problem + "; that alias is not served");
            } else {
                hosts.add(trimmed);
            }
        }
        return hosts;
    }

    void warn(String[] found, String problem) {
        warnings.add(new Warning(owner, reason, owner + ": " + field + " " + found[0] + ": \"" + found[1] + "\" "
                + problem));
    }
}
