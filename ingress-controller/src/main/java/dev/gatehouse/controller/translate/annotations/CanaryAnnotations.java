package dev.gatehouse.controller.translate.annotations;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.gatehouse.routing.Canary;
import dev.gatehouse.routing.ClusterName;
import java.util.List;

/**
 * What makes an Ingress a canary of another Ingress's rules, with ingress-nginx's keys and defaults: {@code canary}
 * ({@code "true"} makes it one), then who its rules take: {@code canary-by-header} (with {@code -header-value} or
 * {@code -header-pattern}), {@code canary-by-cookie}, and {@code canary-weight} out of {@code canary-weight-total}.
 * A value that cannot be used is reported and its default applies; an unreadable {@code canary} keeps the Ingress
 * from being served at all, since serving it as a main Ingress could take its main's rules over.
 *
 * @param role          whether the Ingress is a main Ingress, a canary, or neither because {@code canary} is unreadable
 * @param header        the header that decides, or null
 * @param headerValue   the header value that selects the canary, or null
 * @param headerPattern the RE2 expression a header value selecting the canary contains a match of, or null; an
 *                      expression RE2 cannot compile is kept (and reported), which keeps requests with the header on main
 * @param cookie        the cookie that decides, or null
 * @param weight        requests out of {@code weightTotal} the canary takes when neither header nor cookie decides
 * @param weightTotal   what the weight is out of
 * @param stickyAffinity {@code affinity-canary-behavior}: true ({@code sticky}, the default) gives the canary's cluster the
 *                      main Ingress's session affinity, so a client the canary served stays on it; false ({@code legacy})
 *                      leaves the canary's own
 */
public record CanaryAnnotations(Role role, String header, String headerValue, String headerPattern, String cookie, int weight,
                         int weightTotal, boolean stickyAffinity) {

    /** What the {@code canary} key makes an Ingress. */
    public enum Role { MAIN, CANARY, UNREADABLE }

    static final CanaryAnnotations NONE = new CanaryAnnotations(Role.MAIN, null, null, null, null, 0, 100, true);
    private static final CanaryAnnotations UNREADABLE = new CanaryAnnotations(Role.UNREADABLE, null, null, null, null, 0, 100, true);
    private static final List<String> SETTINGS = List.of("canary-weight", "canary-weight-total", "canary-by-header",
            "canary-by-header-value", "canary-by-header-pattern", "canary-by-cookie", "affinity-canary-behavior");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}");
    private static final Pattern WHOLE = Pattern.compile("[0-9]{1,9}");
    private static final Pattern NEGATIVE = Pattern.compile("-[0-9]+");

    /** The canary these settings make of the cluster of a canary rule. */
    public Canary canary(ClusterName cluster) {
        return new Canary(cluster, header, headerValue, headerPattern, cookie, weight, weightTotal);
    }

    static CanaryAnnotations read(AnnotationReader reader) {
        String[] flag = reader.value("canary");
        String enabled = flag == null ? "false" : flag[1].trim();
        if (!enabled.equals("true") && !enabled.equals("false")) {
            reader.warn(flag, "is not a boolean (expected \"true\" or \"false\"); the Ingress is not served, rather than served "
                    + "as a main Ingress or as a canary");
            return UNREADABLE;
        }
        if (enabled.equals("false")) {
            for (String name : SETTINGS) {
                String[] found = reader.value(name);
                if (found != null) {
                    reader.warn(found, "is ignored: the Ingress is not a canary (expected canary: \"true\" beside it)");
                }
            }
            return NONE;
        }
        int total = weightTotal(reader);
        String header = token(reader, "canary-by-header", "is not a header name (expected a token such as X-Canary); requests "
                + "are not chosen by header");
        String headerValue = headerValue(reader, header);
        String headerPattern = headerPattern(reader, header, headerValue);
        String cookie = token(reader, "canary-by-cookie", "is not a cookie name (expected a token such as canary); requests "
                + "are not chosen by cookie");
        return new CanaryAnnotations(Role.CANARY, header, headerValue, headerPattern, cookie, weight(reader, total), total,
                stickyAffinity(reader));
    }

    private static boolean stickyAffinity(AnnotationReader reader) {
        String[] found = reader.value("affinity-canary-behavior");
        if (found == null || found[1].trim().equals("sticky")) {
            return true;
        }
        if (found[1].trim().equals("legacy")) {
            return false;
        }
        reader.warn(found, "is not a canary affinity behaviour (expected sticky or legacy); using sticky");
        return true;
    }

    private static int weightTotal(AnnotationReader reader) {
        String[] found = reader.value("canary-weight-total");
        if (found == null) {
            return 100;
        }
        String text = found[1].trim();
        if (WHOLE.matcher(text).matches() && Integer.parseInt(text) > 0) {
            return Integer.parseInt(text);
        }
        reader.warn(found, "is not a total weight (expected a whole number of 1 or more, such as 100 or 10000); using 100");
        return 100;
    }

    private static int weight(AnnotationReader reader, int total) {
        String[] found = reader.value("canary-weight");
        if (found == null) {
            return 0;
        }
        String text = found[1].trim();
        String expected = "(expected a whole number from 0 to the canary-weight-total, " + total + "); using 0";
        if (!WHOLE.matcher(text).matches()) {
            reader.warn(found, (NEGATIVE.matcher(text).matches() ? "is negative " : "is not a weight ") + expected);
            return 0;
        }
        int weight = Integer.parseInt(text);
        if (weight > total) {
            reader.warn(found, "is more than the total weight " + expected);
            return 0;
        }
        return weight;
    }

    private static String token(AnnotationReader reader, String name, String problem) {
        String[] found = reader.value(name);
        if (found == null) {
            return null;
        }
        String text = found[1].trim();
        if (TOKEN.matcher(text).matches()) {
            return text;
        }
        reader.warn(found, problem);
        return null;
    }

    private static String headerValue(AnnotationReader reader, String header) {
        String[] found = reader.value("canary-by-header-value");
        if (found == null) {
            return null;
        }
        String text = found[1].trim();
        if (header == null) {
            reader.warn(found, "has no header to be compared with (expected a valid canary-by-header beside it); not applied");
            return null;
        }
        if (text.isEmpty() || text.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            reader.warn(found, "is not a header value (expected printable text, such as beta); not applied");
            return null;
        }
        return text;
    }

    private static String headerPattern(AnnotationReader reader, String header, String headerValue) {
        String[] found = reader.value("canary-by-header-pattern");
        if (found == null) {
            return null;
        }
        String text = found[1].trim();
        if (header == null) {
            reader.warn(found, "has no header to be compared with (expected a valid canary-by-header beside it); not applied");
            return null;
        }
        if (headerValue != null) {
            reader.warn(found, "is ignored: canary-by-header-value is set, and wins as with ingress-nginx (expected one of "
                    + "the two)");
            return null;
        }
        if (text.isEmpty()) {
            reader.warn(found, "is empty (expected a regular expression such as ^(beta|internal)$); not applied");
            return null;
        }
        try {
            Pattern.compile(text);
            return text;
        } catch (PatternSyntaxException invalid) {
            // kept, so that the proxy sends a request carrying the header to the main backend, as ingress-nginx does when
            // its match fails with an error, rather than letting the cookie or weight decide
            reader.warn(found, "is not a regular expression Gatehouse can match (expected RE2 syntax, without look-arounds or "
                    + "back-references, such as ^(beta|internal)$: " + invalid.getDescription() + "); a request carrying the "
                    + "header goes to the main backend");
            return text;
        }
    }
}
