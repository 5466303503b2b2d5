package dev.gatehouse.controller.translate.labels;

import dev.gatehouse.controller.translate.objects.HostNames;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.SourceRanges;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.BasicAuth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The routing keys of one port of a label-routed Service or Marathon app, parsed and checked. A value
 * that cannot be used is reported; a key whose misreading could expose the port more than asked (mode,
 * auth, network ACL) refuses the whole port instead, so a typo never opens what it meant to close.
 *
 * @param index           the port's index, {@code {n}}
 * @param groups          the groups the port is in ({@code HAPROXY_{n}_GROUP}, else {@code HAPROXY_GROUP})
 * @param enabled         {@code HAPROXY_{n}_ENABLED}, null when unset
 * @param http            whether the port is served as HTTP: {@code HAPROXY_{n}_MODE}, else, as marathon-lb decides, http
 *                        when the port's health check is an HTTP one or a VHOST is set, tcp otherwise
 * @param hosts           {@code HAPROXY_{n}_VHOST}, the valid names
 * @param paths           {@code HAPROXY_{n}_PATH}, the valid prefixes
 * @param ignoreCase      whether {@code HAPROXY_{n}_PATH} begins with {@code path_beg}'s {@code -i} flag
 * @param redirectToHttps {@code HAPROXY_{n}_REDIRECT_TO_HTTPS}
 * @param weight          {@code HAPROXY_{n}_BACKEND_WEIGHT}
 * @param hsts            {@code HAPROXY_{n}_USE_HSTS}
 * @param auth            {@code HAPROXY_{n}_AUTH}, or null
 * @param allowedSources  {@code HAPROXY_{n}_BACKEND_NETWORK_ALLOWED_ACL}, empty for everyone
 * @param port            {@code HAPROXY_{n}_PORT}, or null
 * @param proxyPassPath   {@code HAPROXY_{n}_HTTP_BACKEND_PROXYPASS_PATH}, or null
 * @param revProxyPath    {@code HAPROXY_{n}_HTTP_BACKEND_REVPROXY_PATH}, or null
 * @param sslCert         {@code HAPROXY_{n}_SSL_CERT}, or null
 * @param refused         whether the port must not be served (reported)
 * @param keysRead        the key each value was read under, by name ({@code VHOST}: {@code HAPROXY_0_VHOST} or
 *                        {@code gatehouse.dev/vhost}), for messages that name what the user wrote
 */
record PortLabels(int index, Set<String> groups, Boolean enabled, boolean http, List<String> hosts, List<String> paths,
                  boolean ignoreCase, boolean redirectToHttps, int weight, boolean hsts, BasicAuth auth, List<String> allowedSources, Integer port,
                  String proxyPassPath, String revProxyPath, String sslCert, boolean refused, Map<String, String> keysRead) {

    /** The largest BACKEND_WEIGHT, either sign: label routes keep priorities below every Ingress rule's 0. */
    static final int MAX_WEIGHT = 1_000_000;
    /** marathon-lb's HSTS header: six months, nothing more. */
    static final String HSTS = "max-age=15768000";
    /** marathon-lb's words for true and false. */
    static final Set<String> TRUE = Set.of("true", "t", "yes", "y");
    static final Set<String> FALSE = Set.of("false", "f", "no", "n");

    /**
     * @param httpHealthCheck whether the port's health check (a Marathon app's) is an HTTP one
     */
    static PortLabels read(ObjectRef owner, Map<String, String> keys, int index, boolean httpHealthCheck, List<Warning> warnings) {
        Reader reader = new Reader(owner, keys, index, warnings);
        Set<String> groups = reader.groups();
        Boolean enabled = reader.find("ENABLED") == null ? null : reader.flag("ENABLED", false);
        boolean http = httpHealthCheck || reader.find("VHOST") != null;
        LabelKeys.Found mode = reader.find("MODE");
        if (mode != null) {
            switch (mode.value().trim().toLowerCase(Locale.ROOT)) {
                case "http" -> http = true;
                case "tcp" -> http = false;
                default -> reader.refuse(Warning.INVALID_LABEL, mode, "is not a mode (expected \"http\" or \"tcp\"); the port is not served");
            }
        }
        List<String> hosts = reader.hosts();
        List<String> paths = reader.paths();
        return new PortLabels(index, groups, enabled, http, hosts, paths, reader.ignoreCase, reader.flag("REDIRECT_TO_HTTPS", false),
                reader.weight(), reader.flag("USE_HSTS", false), reader.auth(), reader.allowedSources(), reader.port(),
                reader.path("HTTP_BACKEND_PROXYPASS_PATH"), reader.path("HTTP_BACKEND_REVPROXY_PATH"), reader.text("SSL_CERT"),
                reader.refused, Map.copyOf(reader.read));
    }

    /**
     * Whether an instance serving {@code served} ({@code *} among them for all) serves port {@code index}, by
     * marathon-lb's rule: its groups share one with ours, and it is enabled. Read before anything else, so an
     * instance reports problems only of the ports it serves.
     */
    static boolean served(Map<String, String> keys, int index, List<String> served, boolean strictMode) {
        LabelKeys.Found enabled = LabelKeys.find(keys, index, "ENABLED");
        boolean on = enabled == null ? !strictMode : !FALSE.contains(enabled.value().trim().toLowerCase(Locale.ROOT))
                && (!strictMode || TRUE.contains(enabled.value().trim().toLowerCase(Locale.ROOT)));
        if (!on) {
            return false;
        }
        if (served.contains("*")) {
            return true;
        }
        LabelKeys.Found found = LabelKeys.find(keys, index, LabelKeys.GROUP);
        if (found == null) {
            found = LabelKeys.appGroup(keys);
        }
        return found != null && Arrays.stream(found.value().split(",")).map(String::trim).anyMatch(served::contains);
    }

    /** The key the value of {@code name} was read under, or its marathon-lb spelling when it was not set. */
    String key(String name) {
        return keysRead.getOrDefault(name, LabelKeys.PREFIX + index + "_" + name);
    }

    /** Whether {@code name} was set for this port, in either spelling. */
    boolean has(String name) {
        return keysRead.containsKey(name);
    }

    /** Reads one port's keys, reporting what it cannot use. */
    private static final class Reader {
        private final ObjectRef owner;
        private final Map<String, String> keys;
        private final int index;
        private final List<Warning> warnings;
        private final Map<String, String> read = new java.util.HashMap<>();
        private boolean refused;
        private boolean ignoreCase;

        Reader(ObjectRef owner, Map<String, String> keys, int index, List<Warning> warnings) {
            this.owner = owner;
            this.keys = keys;
            this.index = index;
            this.warnings = warnings;
        }

        /** The value of {@code name}, remembering the key it came from. */
        LabelKeys.Found find(String name) {
            LabelKeys.Found found = LabelKeys.find(keys, index, name);
            if (found != null) {
                read.put(name, found.key());
            }
            return found;
        }

        Set<String> groups() {
            LabelKeys.Found found = find(LabelKeys.GROUP);
            if (found == null) {
                found = LabelKeys.appGroup(keys);
            }
            Set<String> groups = new LinkedHashSet<>();
            if (found != null) {
                Arrays.stream(found.value().split(",")).map(String::trim).filter(g -> !g.isEmpty()).forEach(groups::add);
            }
            return groups;
        }

        boolean flag(String name, boolean otherwise) {
            LabelKeys.Found found = find(name);
            if (found == null) {
                return otherwise;
            }
            String value = found.value().trim().toLowerCase(Locale.ROOT);
            if (TRUE.contains(value)) {
                return true;
            }
            if (!FALSE.contains(value)) {
                warn(Warning.INVALID_LABEL, found, "is not a boolean (expected true or false, as marathon-lb reads yes/no/t/f too); using "
                        + otherwise);
            }
            return FALSE.contains(value) ? false : otherwise;
        }

        List<String> hosts() {
            LabelKeys.Found found = find("VHOST");
            List<String> hosts = new ArrayList<>();
            if (found == null) {
                return hosts;
            }
            for (String host : found.value().split(",")) {
                String name = host.trim().toLowerCase(Locale.ROOT);
                if (name.isEmpty()) {
                    continue;
                }
                String problem = HostNames.problem(name);
                if (problem != null) {
                    warnings.add(new Warning(owner, Warning.INVALID_HOST, owner + ": " + found.key() + ": host \"" + name + "\" " + problem));
                } else if (!hosts.contains(name)) {
                    hosts.add(name);
                }
            }
            return hosts;
        }

        /**
         * The prefixes, after the flags of HAProxy's {@code path_beg} that marathon-lb passes on as written: {@code -i}
         * (ignore case) and {@code --} (end of flags). Any other flag changes what the ACL matches ({@code -m}, {@code -f},
         * ...), so it refuses the port rather than serve paths it was not meant to.
         */
        List<String> paths() {
            LabelKeys.Found found = find("PATH");
            List<String> paths = new ArrayList<>();
            if (found == null) {
                return paths;
            }
            String[] words = found.value().trim().split("\\s+");
            int first = 0;
            for (; first < words.length && words[first].startsWith("-"); first++) {
                if (words[first].equals("--")) {
                    first++;
                    break;
                }
                if (!words[first].equals("-i")) {
                    refuse(Warning.INVALID_PATH, found, "holds the flag \"" + words[first] + "\", which Gatehouse does not read "
                            + "(expected only path_beg's -i, for a case-insensitive match, or --, before the paths, as in "
                            + "\"-i /api /v2\"); the port is not served, rather than served on paths the flag would not match");
                    return paths;
                }
                ignoreCase = true;
            }
            for (String path : Arrays.copyOfRange(words, first, words.length)) {
                if (path.isEmpty()) {
                    continue;
                }
                if (!path.startsWith("/") || path.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
                    warnings.add(new Warning(owner, Warning.INVALID_PATH, owner + ": " + found.key() + ": path \"" + path
                            + "\" must start with \"/\" and hold no control characters (expected e.g. /api); this path is not routed"));
                } else if (!paths.contains(path)) {
                    paths.add(path);
                }
            }
            if (paths.isEmpty()) {
                refuse(Warning.INVALID_PATH, found, "holds no usable path (expected space-separated prefixes such as \"/api /v2\"); "
                        + "the port is not served, rather than served on every path");
            }
            return paths;
        }

        int weight() {
            LabelKeys.Found found = find("BACKEND_WEIGHT");
            if (found == null) {
                return 0;
            }
            try {
                int weight = Integer.parseInt(found.value().trim());
                if (Math.abs(weight) <= MAX_WEIGHT) {
                    return weight;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            warn(Warning.INVALID_LABEL, found, "is not a weight (expected an integer from -" + MAX_WEIGHT + " to "
                    + MAX_WEIGHT + "); using 0");
            return 0;
        }

        BasicAuth auth() {
            LabelKeys.Found found = find("AUTH");
            if (found == null) {
                return null;
            }
            // exactly three parts, as marathon-lb splits it: neither the realm nor the hash holds a colon
            String[] parts = found.value().trim().split(":", -1);
            if (parts.length == 3 && !parts[1].isEmpty() && !parts[2].isEmpty()) {
                try {
                    return new BasicAuth(parts[0], Map.of(parts[1], parts[2]));
                } catch (IllegalArgumentException e) {
                    // the realm is unusable: reported below
                }
            }
            // the value holds a password hash: the message names the key only
            refuse(Warning.INVALID_LABEL, new LabelKeys.Found(found.key(), "(hidden)"),
                    "is not realm:user:hash (expected e.g. \"My realm:alice:$6$salt$...\", three parts without other colons, a printable realm without '\"'); "
                            + "the port is not served, rather than served without authentication");
            return null;
        }

        List<String> allowedSources() {
            LabelKeys.Found found = find("BACKEND_NETWORK_ALLOWED_ACL");
            if (found == null) {
                return List.of();
            }
            List<String> ranges = new ArrayList<>();
            for (String range : found.value().split("[,\\s]+")) {
                if (range.isEmpty()) {
                    continue;
                }
                String problem = SourceRanges.problem(range);
                if (problem != null) {
                    refuse(Warning.INVALID_LABEL, found, "holds " + problem + "; the port is not served, rather than served to everyone");
                    return List.of();
                }
                ranges.add(range);
            }
            if (ranges.isEmpty()) {
                refuse(Warning.INVALID_LABEL, found, "holds no address (expected space-separated CIDR blocks such as 10.0.0.0/8); "
                        + "the port is not served, rather than served to everyone");
            }
            return ranges;
        }

        Integer port() {
            LabelKeys.Found found = find("PORT");
            if (found == null) {
                return null;
            }
            try {
                int port = Integer.parseInt(found.value().trim());
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            warn(Warning.INVALID_LABEL, found, "is not a port (expected 1-65535); the Service's own port number is used");
            return null;
        }

        String path(String name) {
            LabelKeys.Found found = find(name);
            if (found == null) {
                return null;
            }
            String path = found.value().trim();
            if (!path.startsWith("/") || path.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
                warn(Warning.INVALID_LABEL, found, "must be a path starting with \"/\" (expected e.g. /app); not applied");
                return null;
            }
            return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        }

        String text(String name) {
            LabelKeys.Found found = find(name);
            return found == null || found.value().trim().isEmpty() ? null : found.value().trim();
        }

        void refuse(String reason, LabelKeys.Found found, String problem) {
            refused = true;
            warn(reason, found, problem);
        }

        private void warn(String reason, LabelKeys.Found found, String problem) {
            warnings.add(new Warning(owner, reason, owner + ": " + found.key() + ": \"" + found.value() + "\" " + problem));
        }
    }
}
