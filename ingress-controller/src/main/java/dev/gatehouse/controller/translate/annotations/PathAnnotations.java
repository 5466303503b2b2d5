package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.PathRewrite;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.ArrayList;
import java.util.Map;

/**
 * An Ingress's path matching and rewriting, with ingress-nginx's meanings: {@code use-regex} makes its paths regular
 * expressions; {@code rewrite-target} rewrites the path sent upstream with their capture groups; and either makes
 * every path of the Ingress's hosts, whatever Ingress it comes from, a regex ({@code RegexHosts}).
 * {@code from-to-www-redirect} redirects {@code www.HOST} to {@code HOST} or the reverse ({@code WwwRedirects}).
 *
 * @param regex          {@code use-regex} is true
 * @param rewriteTarget  the {@code rewrite-target} template, or null for none
 * @param rewriteInvalid {@code rewrite-target} is set but cannot be used: the Ingress's paths are not served, since
 *                       sending them upstream unrewritten could reach what the rewrite kept out of reach
 * @param fromToWww      {@code from-to-www-redirect} is true
 */
public record PathAnnotations(boolean regex, String rewriteTarget, boolean rewriteInvalid, boolean fromToWww) {

    public static final PathAnnotations NONE = new PathAnnotations(false, null, false, false);

    static PathAnnotations read(AnnotationReader reader) {
        boolean regex = reader.flag("use-regex", false);
        String[] found = reader.value("rewrite-target");
        String target = null;
        boolean invalid = false;
        if (found != null) {
            String text = found[1].trim();
            if (text.isEmpty()) {
                reader.warn(found, "is empty (expected a path such as /$2); not applied");
            } else if (PathRewrite.highestGroup(text) < 0) {
                reader.warn(found, "is not a rewrite target (expected a path starting with \"/\", without spaces, with $1 to $9 "
                        + "for the path's capture groups, e.g. /$2); the Ingress's paths are not served, rather than served "
                        + "unrewritten");
                invalid = true;
            } else {
                target = text;
            }
        }
        return new PathAnnotations(regex, target, invalid, reader.flag("from-to-www-redirect", false));
    }

    /** The settings of {@code ingress} without reporting anything (its own reading does): for passes over every Ingress. */
    public static PathAnnotations quietly(Ingress ingress) {
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        if (annotations == null || annotations.isEmpty()) {
            return NONE;
        }
        return read(new AnnotationReader(annotations, ObjectRef.of(ingress), new ArrayList<>()));
    }

    /** Whether the Ingress makes the paths of its hosts regular expressions: any rewrite-target does, as in ingress-nginx. */
    public boolean regexOnHosts() {
        return regex || rewriteTarget != null || rewriteInvalid;
    }
}
