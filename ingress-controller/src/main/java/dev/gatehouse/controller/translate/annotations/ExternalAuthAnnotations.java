package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.ExternalAuth;
import dev.gatehouse.routing.RequestTemplate;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * External authentication from ingress-nginx's {@code auth-url} and its companions ({@code auth-method},
 * {@code auth-signin}, {@code auth-signin-redirect-param}, {@code auth-response-headers}, {@code auth-request-redirect},
 * {@code auth-cache-key}, {@code auth-cache-duration}, {@code auth-proxy-set-headers}, {@code auth-always-set-cookie}). An {@code auth-url} or
 * {@code auth-proxy-set-headers} that cannot be used makes every request of the Ingress 503, as ingress-nginx denies the
 * location; another companion that cannot be used falls back to its default.
 */
final class ExternalAuthAnnotations {

    /**
     * What the annotations ask for.
     *
     * @param auth     the external auth, or null for none
     * @param unusable whether {@code auth-url} is set but it or its headers cannot be used, so that nobody may pass
     */
    record Reading(ExternalAuth auth, boolean unusable) {
        static final Reading NONE = new Reading(null, false);
        static final Reading UNUSABLE = new Reading(null, true);
    }

    /** ingress-nginx's default of auth-cache-duration. */
    static final Map<Integer, Duration> DEFAULT_CACHE = Map.of(200, Duration.ofMinutes(5), 202, Duration.ofMinutes(5),
            401, Duration.ofMinutes(5));
    private static final Pattern TIME = Pattern.compile("(?:[0-9]{1,9}(?:ms|s|m|h|d))+");
    private static final Pattern TIME_PART = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");
    private static final String UNAVAILABLE = "; every request is answered 503 until it is fixed";
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9a-z-]+");
    // headers that frame or route the forwarded request: an auth service must not set them
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection", "host", "upgrade", "te",
            "trailer", "keep-alive");

    private ExternalAuthAnnotations() {
    }

    static Reading read(AnnotationReader reader, ObjectRef owner, AnnotationContext context) {
        String[] url = reader.value("auth-url");
        if (url == null) {
            return Reading.NONE;
        }
        // the URL may carry credentials (a token in its query, a user and password): warnings and Events show it without them
        String[] shown = {url[0], shown(url[1].trim())};
        RequestTemplate target;
        try {
            target = new RequestTemplate(url[1].trim());
        } catch (IllegalArgumentException invalid) {
            reader.warn(shown, unusable(url[1].trim(), shown[1]) + UNAVAILABLE);
            return Reading.UNUSABLE;
        }
        URI sample = sample(target);
        if (sample == null || sample.getHost() == null) {
            reader.warn(shown, "is not an http or https URL (expected e.g. http://auth.example/check, nginx variables such as $host "
                    + "allowed)" + UNAVAILABLE);
            return Reading.UNUSABLE;
        }
        if (sample.getRawUserInfo() != null) {
            // as for mirror-target: credentials belong in a header (auth-proxy-set-headers), not in an annotation's URL
            reader.warn(shown, "holds a user or password (expected a URL without one, e.g. http://auth.example/check; send "
                    + "credentials with auth-proxy-set-headers)" + UNAVAILABLE);
            return Reading.UNUSABLE;
        }
        Map<String, RequestTemplate> headers = proxySetHeaders(reader, owner, context);
        if (headers == null) {
            return Reading.UNUSABLE;
        }
        RequestTemplate cacheKey = template(reader, "auth-cache-key", "answers are not cached");
        return new Reading(new ExternalAuth(target, method(reader), signin(reader), redirectParam(reader), responseHeaders(reader),
                template(reader, "auth-request-redirect", "the request URI is sent"), cacheKey,
                cacheKey == null ? Map.of() : cacheDurations(reader), headers,
                reader.flag("auth-always-set-cookie", false, "its cookies reach the client on 2xx and 3xx answers only")), false);
    }

    /**
     * The headers of the ConfigMap {@code auth-proxy-set-headers} names (in the Ingress's namespace, as for
     * {@code custom-headers}), values with request variables; null when the ConfigMap cannot be used. A bad entry is
     * reported and left out.
     */
    private static Map<String, RequestTemplate> proxySetHeaders(AnnotationReader reader, ObjectRef owner, AnnotationContext context) {
        String[] found = reader.value("auth-proxy-set-headers");
        if (found == null) {
            return Map.of();
        }
        String[] parts = found[1].trim().split("/", -1);
        String namespace = parts.length == 2 ? parts[0] : owner.namespace();
        String name = parts[parts.length - 1];
        if (parts.length > 2 || !name.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            reader.warn(found, "is not a ConfigMap (expected NAME or NAMESPACE/NAME)" + UNAVAILABLE);
            return null;
        }
        if (!namespace.equals(owner.namespace())) {
            reader.warn(found, "refers to a ConfigMap in namespace " + namespace + " (expected one in the Ingress's namespace "
                    + owner.namespace() + ")" + UNAVAILABLE);
            return null;
        }
        ConfigMap configMap = context.configMap(namespace, name);
        if (configMap == null) {
            reader.warn(found, "refers to ConfigMap " + namespace + "/" + name + ", which does not exist" + UNAVAILABLE);
            return null;
        }
        Map<String, RequestTemplate> headers = new TreeMap<>();
        new TreeMap<>(configMap.getData() == null ? Map.<String, String>of() : configMap.getData()).forEach((key, value) -> {
            String problem = HeaderEntries.problem(HeaderEntries.Direction.REQUEST, key, value);
            String lower = key.toLowerCase(Locale.ROOT);
            if (problem == null && FRAMING.contains(lower)) {
                problem = "frames or routes the subrequest (expected an end-to-end header such as X-Auth-Scope)";
            }
            if (problem == null) {
                try {
                    headers.put(lower, new RequestTemplate(value.trim()));
                } catch (IllegalArgumentException invalid) {
                    problem = "is not usable: " + invalid.getMessage();
                }
            }
            if (problem != null) {
                String shown = HeaderEntries.secret(key) ? "hidden" : "\"" + value.replaceAll("\\p{Cntrl}", "?") + "\"";
                reader.warn(found, "refers to ConfigMap " + namespace + "/" + name + ", whose key \"" + key + "\" (value " + shown
                        + ") " + problem + "; that header is not sent");
            }
        });
        return headers;
    }

    /** Whether the template is an absolute http(s) URL with a host once its variables are filled in. */
    private static boolean isUrl(RequestTemplate template) {
        URI sample = sample(template);
        return sample != null && sample.getHost() != null;
    }

    /** The template as a URL with each variable filled in by {@code x}; null when it is not an http(s) URL then. */
    private static URI sample(RequestTemplate template) {
        String text = template.text();
        if (!text.startsWith("http://") && !text.startsWith("https://")) {
            return null;
        }
        StringBuilder sample = new StringBuilder();
        template.parts().forEach(part -> sample.append(part.literal() != null ? part.literal() : "x"));
        try {
            return new URI(sample.toString());
        } catch (java.net.URISyntaxException notAUrl) {
            return null;
        }
    }

    /**
     * {@code url} as a warning shows it: the user and password, query and fragment replaced by what they are, since any
     * of them may hold a credential; control characters as {@code ?}, so that the message stays one line.
     */
    private static String shown(String url) {
        String shown = url;
        int query = indexOfAny(shown, "?#");
        if (query >= 0) {
            shown = shown.substring(0, query) + (shown.charAt(query) == '?' ? "?<query hidden>" : "#<fragment hidden>");
        }
        int authority = shown.contains("://") ? shown.indexOf("://") + 3 : 0;
        // up to the last '@' left, not just within the authority: a '/' in a password would end the authority early
        int at = shown.lastIndexOf('@');
        if (at >= authority) {
            shown = shown.substring(0, authority) + "<user hidden>@" + shown.substring(at + 1);
        }
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Why {@code url} is not a template, told from the part the warning shows ({@code shown}): the template's own message
     * names variables, which may be taken from a hidden credential.
     */
    private static String unusable(String url, String shown) {
        if (url.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "holds a control character (expected printable text)";
        }
        try {
            // parsed only for its complaint about the part a warning may show
            new RequestTemplate(shown);
        } catch (IllegalArgumentException visible) {
            return "is not usable: " + visible.getMessage();
        }
        return "is not usable: its hidden part holds a \"$\" that starts no variable Gatehouse fills in (expected variables such "
                + "as $host, $http_NAME or $cookie_NAME there)";
    }

    private static String method(AnnotationReader reader) {
        String[] found = reader.value("auth-method");
        if (found == null) {
            return "GET";
        }
        String method = found[1].trim().toUpperCase(Locale.ROOT);
        if (!method.matches("[A-Z]{1,20}")) {
            reader.warn(found, "is not an HTTP method (expected e.g. GET or POST); using GET");
            return "GET";
        }
        return method;
    }

    private static RequestTemplate signin(AnnotationReader reader) {
        String[] found = reader.value("auth-signin");
        if (found == null) {
            return null;
        }
        try {
            RequestTemplate signin = new RequestTemplate(found[1].trim());
            if (isUrl(signin)) {
                return signin;
            }
        } catch (IllegalArgumentException invalid) {
            reader.warn(found, "is not usable: " + invalid.getMessage() + "; a 401 is passed on instead");
            return null;
        }
        reader.warn(found, "is not an http or https URL (expected e.g. https://login.example/start, nginx variables such as $host "
                + "allowed); a 401 is passed on instead");
        return null;
    }

    private static String redirectParam(AnnotationReader reader) {
        String[] found = reader.value("auth-signin-redirect-param");
        if (found == null) {
            return "rd";
        }
        String param = found[1].trim();
        if (!param.matches("[A-Za-z0-9_.~-]{1,64}")) {
            reader.warn(found, "is not a query parameter name (expected e.g. rd); using rd");
            return "rd";
        }
        return param;
    }

    private static List<String> responseHeaders(AnnotationReader reader) {
        String[] found = reader.value("auth-response-headers");
        if (found == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String name : found[1].split(",")) {
            String lower = name.trim().toLowerCase(Locale.ROOT);
            if (lower.isEmpty()) {
                continue;
            }
            if (!TOKEN.matcher(lower).matches()) {
                reader.warn(found, "holds \"" + name.trim() + "\", which is not a header name (expected comma-separated names such "
                        + "as X-User); that header is not copied");
            } else if (FRAMING.contains(lower)) {
                reader.warn(found, "holds \"" + name.trim() + "\", which frames or routes the request (expected headers such as "
                        + "X-User); that header is not copied");
            } else if (!names.contains(lower)) {
                names.add(lower);
            }
        }
        return names;
    }

    private static RequestTemplate template(AnnotationReader reader, String key, String fallback) {
        String[] found = reader.value(key);
        if (found == null) {
            return null;
        }
        try {
            return new RequestTemplate(found[1].trim());
        } catch (IllegalArgumentException invalid) {
            reader.warn(found, "is not usable: " + invalid.getMessage() + "; " + fallback);
            return null;
        }
    }

    /** ingress-nginx's form: {@code [status ...] time}, several separated by commas; no status means 200, 301 and 302. */
    private static Map<Integer, Duration> cacheDurations(AnnotationReader reader) {
        String[] found = reader.value("auth-cache-duration");
        if (found == null) {
            return DEFAULT_CACHE;
        }
        Map<Integer, Duration> durations = new LinkedHashMap<>();
        for (String entry : found[1].split(",")) {
            String[] words = entry.trim().split("\\s+");
            Duration time = words.length == 0 ? null : time(words[words.length - 1]);
            if (time == null) {
                return invalidCache(reader, found);
            }
            if (words.length == 1) {
                List.of(200, 301, 302).forEach(status -> durations.putIfAbsent(status, time));
            }
            for (int i = 0; i < words.length - 1; i++) {
                if (words[i].equals("any")) {
                    durations.putIfAbsent(0, time);
                } else if (words[i].matches("[1-5][0-9][0-9]")) {
                    durations.putIfAbsent(Integer.parseInt(words[i]), time);
                } else {
                    return invalidCache(reader, found);
                }
            }
        }
        return durations;
    }

    private static Map<Integer, Duration> invalidCache(AnnotationReader reader, String[] found) {
        reader.warn(found, "is not a cache duration (expected statuses and a time, e.g. \"200 202 401 5m\", several separated by "
                + "commas); using 200 202 401 5m");
        return DEFAULT_CACHE;
    }

    private static Duration time(String text) {
        if (!TIME.matcher(text).matches()) {
            return null;
        }
        Duration total = Duration.ZERO;
        Matcher part = TIME_PART.matcher(text);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        return total.isZero() ? null : total;
    }
}
