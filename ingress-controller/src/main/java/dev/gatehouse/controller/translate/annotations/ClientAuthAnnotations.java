package dev.gatehouse.controller.translate.annotations;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.References;
import dev.gatehouse.controller.translate.objects.RegexSize;
import dev.gatehouse.controller.translate.objects.SecretData;
import dev.gatehouse.routing.ClientAuth;
import dev.gatehouse.tls.CertificateProblem;
import dev.gatehouse.tls.ClientAuthorities;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Locale;

/**
 * Client certificate authentication from ingress-nginx's {@code auth-tls-*} annotations, for the TLS hosts of the
 * Ingress. {@code auth-tls-secret} names a Secret of the Ingress's namespace with {@code ca.crt} (and optionally
 * {@code ca.crl}); the other keys have ingress-nginx's defaults ({@code on}, depth 1, no error page, no certificate
 * upstream, no subject check), and a value that cannot be read falls back to its default as there, reported. What
 * would weaken the check never opens the Ingress: a Secret that is missing, of another namespace or unreadable, and a
 * {@code auth-tls-match-cn} that cannot be compiled safely, make every request of its routes 503 (ingress-nginx denies
 * the location). The other {@code auth-tls-*} keys without {@code auth-tls-secret} do nothing, as in ingress-nginx.
 *
 * @param clientAuth what the Ingress's TLS hosts ask of client certificates, or null when nothing
 * @param unreadable whether the annotations ask for client certificates but cannot be used
 */
public record ClientAuthAnnotations(ClientAuth clientAuth, boolean unreadable) {

    /** The key of the Secret of CAs, which the Kubernetes source watches. */
    public static final String AUTH_TLS_SECRET = "auth-tls-secret";

    static final ClientAuthAnnotations NONE = new ClientAuthAnnotations(null, false);
    private static final ClientAuthAnnotations UNREADABLE = new ClientAuthAnnotations(null, true);
    private static final String UNAVAILABLE = "; every request of the Ingress is answered 503 until it is fixed";
    private static final int MAX_DEPTH = 100;

    static ClientAuthAnnotations read(AnnotationReader reader, ObjectRef owner, AnnotationContext context) {
        String[] secret = reader.value(AUTH_TLS_SECRET);
        if (secret == null) {
            return NONE;
        }
        String reference = References.parse(secret[1], owner.namespace());
        if (reference == null) {
            reader.warn(secret, "is not a Secret (expected NAME or NAMESPACE/NAME)" + UNAVAILABLE);
            return UNREADABLE;
        }
        String[] parts = reference.split("/", 2);
        if (!parts[0].equals(owner.namespace())) {
            reader.warn(secret, "refers to a Secret in namespace " + parts[0] + " (expected one in the Ingress's namespace "
                    + owner.namespace() + ")" + UNAVAILABLE);
            return UNREADABLE;
        }
        Secret found = context.secret(parts[0], parts[1]);
        if (found == null) {
            reader.warn(secret, "names Secret " + reference + ", which does not exist (expected one with ca.crt)" + UNAVAILABLE);
            return UNREADABLE;
        }
        ClientAuthorities authorities;
        try {
            authorities = ClientAuthorities.read(SecretData.text(found, "ca.crt"), has(found, "ca.crl") ? SecretData.text(found, "ca.crl") : null);
        } catch (CertificateProblem problem) {
            reader.warn(secret, "names Secret " + reference + ", whose " + problem.getMessage() + UNAVAILABLE);
            return UNREADABLE;
        }
        String[] match = reader.value("auth-tls-match-cn");
        Pattern subject = null;
        if (match != null) {
            subject = subject(reader, match);
            if (subject == null) {
                return UNREADABLE;
            }
        }
        return new ClientAuthAnnotations(new ClientAuth(reference, mode(reader), authorities.authorities(), authorities.revocations(),
                depth(reader), errorPage(reader), reader.flag("auth-tls-pass-certificate-to-upstream", false), subject), false);
    }

    private static boolean has(Secret secret, String key) {
        return (secret.getData() != null && secret.getData().containsKey(key))
                || (secret.getStringData() != null && secret.getStringData().containsKey(key));
    }

    private static ClientAuth.Mode mode(AnnotationReader reader) {
        String[] found = reader.value("auth-tls-verify-client");
        if (found == null) {
            return ClientAuth.Mode.ON;
        }
        return switch (found[1].trim().toLowerCase(Locale.ROOT)) {
            case "on" -> ClientAuth.Mode.ON;
            case "optional" -> ClientAuth.Mode.OPTIONAL;
            case "optional_no_ca" -> ClientAuth.Mode.OPTIONAL_NO_CA;
            case "off" -> ClientAuth.Mode.OFF;
            default -> {
                reader.warn(found, "is not a verify mode (expected on, optional, optional_no_ca or off); using on");
                yield ClientAuth.Mode.ON;
            }
        };
    }

    /** ingress-nginx's default of 1 also stands for 0, which it does not take. */
    private static int depth(AnnotationReader reader) {
        String[] found = reader.value("auth-tls-verify-depth");
        if (found == null) {
            return 1;
        }
        String text = found[1].trim();
        if (text.matches("[0-9]{1,3}") && Integer.parseInt(text) <= MAX_DEPTH) {
            return Math.max(1, Integer.parseInt(text));
        }
        reader.warn(found, "is not a verify depth (expected an integer from 1 to " + MAX_DEPTH + "); using 1");
        return 1;
    }

    private static String errorPage(AnnotationReader reader) {
        String[] found = reader.value("auth-tls-error-page");
        if (found == null) {
            return null;
        }
        String url = found[1].trim();
        boolean absolute = url.startsWith("https://") || url.startsWith("http://");
        if (url.isEmpty() || !(absolute || url.startsWith("/")) || url.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            reader.warn(found, "is not a URL (expected an absolute http or https URL, or a path); a failed certificate is "
                    + "answered 400");
            return null;
        }
        return url;
    }

    private static Pattern subject(AnnotationReader reader, String[] found) {
        String expression = found[1].trim();
        if (!RegexSize.acceptable(expression)) {
            String shown = expression.length() > 64 ? expression.substring(0, 64) + "..." : expression;
            reader.warn(new String[] {found[0], shown}, "is too large a regular expression (expected at most "
                    + RegexSize.MAX_LENGTH + " characters and " + RegexSize.MAX_COST + " repetitions in all)" + UNAVAILABLE);
            return null;
        }
        try {
            return Pattern.compile(expression);
        } catch (PatternSyntaxException e) {
            reader.warn(found, "is not an RE2 regular expression (" + e.getDescription() + ")" + UNAVAILABLE);
            return null;
        }
    }
}
