package dev.gatehouse.controller.translate;

import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.RouteAction;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Ingress's behaviour from its annotations, under {@code gatehouse.dev/} or, for migration, the same keys
 * under {@code nginx.ingress.kubernetes.io/}, with ingress-nginx's meanings and defaults; Gatehouse's own
 * key wins when both are set. Each value is parsed into a typed setting; one that cannot be used is
 * reported (key, value, what was expected) and its default applies, while the Ingress's other settings
 * still do. Keys that inject configuration text are refused with a warning; unknown keys under our
 * prefixes get a warning naming the closest known key ({@link AnnotationCatalog}).
 *
 * @param policy  the limits of the Ingress's routes
 * @param filters what its routes check and change
 * @param served  false when the Ingress asks for access control Gatehouse does not read yet: it is then not
 *                served at all, rather than served open
 */
record IngressAnnotations(RequestPolicy policy, RequestFilters filters, boolean served) {

    static final IngressAnnotations DEFAULT = new IngressAnnotations(RequestPolicy.DEFAULTS, RequestFilters.NONE, true);
    /** An allow list no client address is in: what an unreadable allow list becomes, rather than allowing everyone. */
    private static final List<String> NOBODY = List.of("0.0.0.0/32");
    /** gatehouse.dev/ keys an Ingress carries for other features (ACME, DNS): neither behaviour here nor unknown. */
    private static final java.util.Set<String> OTHER_FEATURES = java.util.Set.of("tls-acme", "hostname", "ttl", "target");
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})([kKmMgG]?)");

    /** Forwarding to {@code cluster} with these settings. */
    RouteAction.Forward forward(ClusterName cluster) {
        return new RouteAction.Forward(cluster, policy, filters);
    }

    static IngressAnnotations of(Ingress ingress, ObjectRef owner, List<Warning> warnings) {
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        if (annotations == null || annotations.isEmpty()) {
            return DEFAULT;
        }
        Reader reader = new Reader(annotations, owner, warnings);
        boolean served = reader.checkKeys();
        RequestPolicy policy = new RequestPolicy(reader.seconds("proxy-connect-timeout"), reader.seconds("proxy-read-timeout"),
                reader.seconds("proxy-send-timeout"), reader.count("proxy-next-upstream-tries"), reader.size("proxy-body-size"));
        List<String> sources = reader.ranges("whitelist-source-range");
        if (sources.isEmpty()) {
            sources = reader.ranges("allowlist-source-range");
        }
        RequestFilters filters = new RequestFilters(sources, null, null, reader.host("upstream-vhost"), null);
        return new IngressAnnotations(policy, filters, served);
    }

    /** Reads the annotations of one Ingress, reporting what it cannot use. */
    private static final class Reader {
        private final Map<String, String> annotations;
        private final ObjectRef owner;
        private final List<Warning> warnings;

        Reader(Map<String, String> annotations, ObjectRef owner, List<Warning> warnings) {
            this.annotations = annotations;
            this.owner = owner;
            this.warnings = warnings;
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
                    if (prefix.equals(AnnotationCatalog.PREFIXES.get(1)) || !OTHER_FEATURES.contains(name)) {
                        warnings.add(new Warning(owner, Warning.UNKNOWN_ANNOTATION, owner + ": annotation " + key + " is not a key "
                                + "Gatehouse knows (expected e.g. " + prefix + AnnotationCatalog.closest(name) + ")"));
                    }
                } else if (known.support() == AnnotationCatalog.Support.REFUSED) {
                    warnings.add(new Warning(owner, Warning.REFUSED_ANNOTATION, owner + ": annotation " + key + " is refused: it "
                            + "injects proxy configuration text, and Gatehouse has no configuration text to inject into; the rest of "
                            + "the Ingress is served"));
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
        private String[] value(String name) {
            for (String prefix : AnnotationCatalog.PREFIXES) {
                String value = annotations.get(prefix + name);
                if (value != null) {
                    return new String[] {prefix + name, value};
                }
            }
            return null;
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
            long bytes = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> amount * 1024;
                case "m" -> amount * 1024 * 1024;
                case "g" -> amount * 1024 * 1024 * 1024;
                default -> amount;
            };
            return bytes == 0 ? -1 : bytes;
        }

        List<String> ranges(String name) {
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
                    // an allow list that cannot be read must not open the Ingress to everyone
                    warn(found, "holds " + problem + "; no client is allowed until it is fixed");
                    return NOBODY;
                }
                ranges.add(trimmed);
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

        private void warn(String[] found, String problem) {
            warnings.add(new Warning(owner, Warning.INVALID_ANNOTATION, owner + ": annotation " + found[0] + ": \"" + found[1] + "\" "
                    + problem));
        }
    }
}
