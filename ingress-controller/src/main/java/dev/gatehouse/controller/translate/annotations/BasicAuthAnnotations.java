package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.References;
import dev.gatehouse.controller.translate.objects.SecretData;
import dev.gatehouse.routing.BasicAuth;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Basic auth from ingress-nginx's {@code auth-type: basic}, {@code auth-secret}, {@code auth-secret-type} and
 * {@code auth-realm}: the users of the Secret's htpasswd file (key {@code auth}) or, for {@code auth-map}, one user
 * per key with its hash as the value. The Secret must be in the Ingress's namespace. What cannot be read never opens
 * the Ingress: a missing or unreadable Secret, one of another namespace or an unknown type makes every request of its
 * routes 503 (as ingress-nginx denies the location); a line or user that cannot be read is left out, so that user
 * cannot sign in. Hashes never appear in a warning.
 */
public final class BasicAuthAnnotations {

    /** The key of the Secret of users, which the Kubernetes source watches ({@code NamedObjects}). */
    public static final String AUTH_SECRET = "auth-secret";

    private static final String UNAVAILABLE = "; every request is answered 503 until it is fixed";
    private static final List<String> HASH_FORMS = List.of("$2a$", "$2b$", "$2y$", "$apr1$", "$1$", "$5$", "$6$", "{SHA}");

    private BasicAuthAnnotations() {
    }

    /** The basic auth the annotations ask for, {@link BasicAuth#unreadable} when they cannot be used, or null for none. */
    static BasicAuth read(AnnotationReader reader, ObjectRef owner, AnnotationContext context) {
        String[] type = reader.value("auth-type");
        String[] secret = reader.value(AUTH_SECRET);
        String realm = realm(reader);
        if (type == null) {
            if (secret != null) {
                reader.warn(secret, "has no effect without auth-type: basic (as in ingress-nginx); the Ingress is served without "
                        + "basic auth");
            }
            return null;
        }
        String kind = type[1].trim().toLowerCase(Locale.ROOT);
        if (kind.equals("digest")) {
            reader.warn(type, "is not supported by Gatehouse (expected basic)" + UNAVAILABLE);
            return BasicAuth.unreadable(realm);
        }
        if (!kind.equals("basic")) {
            reader.warn(type, "is not an authentication type (expected basic)" + UNAVAILABLE);
            return BasicAuth.unreadable(realm);
        }
        if (secret == null) {
            reader.warn(type, "needs auth-secret, the Secret of its users" + UNAVAILABLE);
            return BasicAuth.unreadable(realm);
        }
        String reference = References.parse(secret[1], owner.namespace());
        if (reference == null) {
            reader.warn(secret, "is not a Secret (expected NAME or NAMESPACE/NAME)" + UNAVAILABLE);
            return BasicAuth.unreadable(realm);
        }
        String[] parts = reference.split("/", 2);
        if (!parts[0].equals(owner.namespace())) {
            // another namespace's users would let this Ingress test passwords against them, and its owner may not read them
            reader.warn(secret, "refers to a Secret in namespace " + parts[0] + " (expected one in the Ingress's namespace "
                    + owner.namespace() + ")" + UNAVAILABLE);
            return BasicAuth.unreadable(realm);
        }
        Boolean map = secretType(reader);
        if (map == null) {
            return BasicAuth.unreadable(realm);
        }
        Secret found = context.secret(parts[0], parts[1]);
        if (found == null) {
            reader.warn(secret, "names Secret " + reference + ", which does not exist" + UNAVAILABLE);
            return BasicAuth.unreadable(realm);
        }
        Map<String, String> users = map ? fromMap(reader, secret, reference, found) : fromFile(reader, secret, reference, found);
        if (users == null) {
            return BasicAuth.unreadable(realm);
        }
        if (users.isEmpty()) {
            reader.warn(secret, "names Secret " + reference + ", which holds no user that can sign in" + UNAVAILABLE);
        }
        return new BasicAuth(realm, users);
    }

    private static String realm(AnnotationReader reader) {
        String[] found = reader.value("auth-realm");
        if (found == null) {
            return "";
        }
        String realm = found[1].trim();
        if (realm.indexOf('"') >= 0 || realm.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            reader.warn(found, "is not a realm (expected printable text without '\"'); using an empty realm");
            return "";
        }
        return realm;
    }

    /**
     * Whether the Secret is an auth-map, or null for an unknown type: that is refused (reported), since reading the
     * Secret the wrong way could admit users its owner did not mean.
     */
    private static Boolean secretType(AnnotationReader reader) {
        String[] found = reader.value("auth-secret-type");
        if (found == null || found[1].trim().equals("auth-file")) {
            return false;
        }
        if (found[1].trim().equals("auth-map")) {
            return true;
        }
        reader.warn(found, "is not a Secret type (expected auth-file or auth-map)" + UNAVAILABLE);
        return null;
    }

    private static Map<String, String> fromFile(AnnotationReader reader, String[] secret, String reference, Secret found) {
        boolean present = found.getData() != null && found.getData().containsKey("auth")
                || found.getStringData() != null && found.getStringData().containsKey("auth");
        if (!present) {
            reader.warn(secret, "names Secret " + reference + ", which has no key \"auth\" (expected an htpasswd file there, or "
                    + "auth-secret-type: auth-map)" + UNAVAILABLE);
            return null;
        }
        Map<String, String> users = new TreeMap<>();
        String[] lines = SecretData.text(found, "auth").split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || colon == line.length() - 1) {
                reader.warn(secret, "names Secret " + reference + ", whose line " + (i + 1) + " is not user:hash (expected an "
                        + "htpasswd line); that line is left out");
                continue;
            }
            user(reader, secret, reference, users, line.substring(0, colon), line.substring(colon + 1));
        }
        return users;
    }

    private static Map<String, String> fromMap(AnnotationReader reader, String[] secret, String reference, Secret found) {
        TreeSet<String> names = new TreeSet<>();
        if (found.getData() != null) {
            names.addAll(found.getData().keySet());
        }
        if (found.getStringData() != null) {
            names.addAll(found.getStringData().keySet());
        }
        Map<String, String> users = new TreeMap<>();
        for (String name : names) {
            user(reader, secret, reference, users, name, SecretData.text(found, name).trim());
        }
        return users;
    }

    private static void user(AnnotationReader reader, String[] secret, String reference, Map<String, String> users, String user,
                             String hash) {
        if (HASH_FORMS.stream().noneMatch(hash::startsWith)) {
            reader.warn(secret, "names Secret " + reference + ", whose user \"" + user + "\" has a hash of a form Gatehouse cannot "
                    + "check (expected bcrypt, $apr1$, $1$, $5$, $6$ or {SHA}); that user cannot sign in");
            return;
        }
        users.put(user, hash);
    }
}
