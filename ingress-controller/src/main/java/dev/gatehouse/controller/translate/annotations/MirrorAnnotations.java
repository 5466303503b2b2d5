package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.controller.translate.objects.HostNames;
import dev.gatehouse.controller.translate.objects.SourceRanges;
import dev.gatehouse.routing.Mirror;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Ingress's {@code mirror-target} (an http or https URL, where {@code $request_uri} stands for the request's
 * target), {@code mirror-request-body} ({@code on} by default) and {@code mirror-host} (the Host of the copies).
 * The two others mean nothing without a target.
 */
final class MirrorAnnotations {

    private static final String REQUEST_URI = "$request_uri";
    private static final Pattern VARIABLE = Pattern.compile("\\$[a-zA-Z_][a-zA-Z0-9_]*");

    private MirrorAnnotations() {
    }

    /** The mirror of the Ingress, or null when it has none (or its target cannot be used). */
    static Mirror read(AnnotationReader reader) {
        String target = target(reader);
        return target == null ? null : new Mirror(target, body(reader), host(reader));
    }

    private static String target(AnnotationReader reader) {
        String[] found = reader.value("mirror-target");
        if (found == null) {
            return null;
        }
        String target = found[1].trim();
        Matcher variables = VARIABLE.matcher(target);
        while (variables.find()) {
            if (!variables.group().equals(REQUEST_URI)) {
                reader.warn(found, "holds " + variables.group() + ", which Gatehouse does not expand (expected no variable but "
                        + REQUEST_URI + "); requests are not mirrored");
                return null;
            }
        }
        if (!absoluteUrl(target.replace(REQUEST_URI, "/"))) {
            reader.warn(found, "is not a URL (expected an absolute http or https URL such as https://test.example" + REQUEST_URI
                    + "); requests are not mirrored");
            return null;
        }
        return target;
    }

    private static boolean absoluteUrl(String text) {
        if (text.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            return false;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawUserInfo() == null
                    && text.startsWith(scheme);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean body(AnnotationReader reader) {
        String[] found = reader.value("mirror-request-body");
        if (found == null) {
            return true;
        }
        String value = found[1].trim();
        if (value.equals("on") || value.equals("true")) {
            return true;
        }
        if (value.equals("off") || value.equals("false")) {
            return false;
        }
        reader.warn(found, "is not on or off (expected \"on\" or \"off\"); using on");
        return true;
    }

    private static String host(AnnotationReader reader) {
        String[] found = reader.value("mirror-host");
        if (found == null) {
            return null;
        }
        String host = found[1].trim().toLowerCase(Locale.ROOT);
        String bare = host.matches(".*:[0-9]{1,5}") ? host.substring(0, host.lastIndexOf(':')) : host;
        // a name or an address, as the Host of a request may be
        if (bare.isEmpty() || bare.indexOf('*') >= 0 || bare.indexOf('/') >= 0
                || HostNames.problem(bare) != null && SourceRanges.problem(bare) != null) {
            reader.warn(found, "is not a host (expected a DNS name such as test.example, optionally with :port); the target's "
                    + "host is sent");
            return null;
        }
        return host;
    }
}
