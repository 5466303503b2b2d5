package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.annotations.PathAnnotations;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.PathRewrite;
import dev.gatehouse.routing.RouteAction;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import java.util.List;

/**
 * Turns the path and pathType of an Ingress path into a {@link PathMatch}, with the API server's checks.
 *
 * <p>{@code Exact} and {@code Prefix} follow the specification. {@code ImplementationSpecific} is
 * matched as a prefix (the root {@code /} when the path is empty), which is what ingress-nginx does for
 * paths that are not regular expressions.
 *
 * <p>On a host whose paths are regular expressions ({@link RegexHosts}) every path, of every pathType, is one, written
 * as it stands (a Prefix path keeps its trailing slash), as ingress-nginx writes them all as {@code ~* "^PATH"}: so an
 * Exact or Prefix path there matches every path that begins with it, in any case. A path that is not an RE2
 * expression, or too large a one to match in little time, is not served. The Ingress's {@code rewrite-target} then
 * becomes the route's rewrite; a path whose groups the target uses but does not have is not served, rather than
 * served unrewritten.
 */
final class IngressPaths {

    private static final List<String> INVALID_SEQUENCES = List.of("//", "/./", "/../", "%2f", "%2F");
    private static final List<String> INVALID_SUFFIXES = List.of("/..", "/.");
    // the expressions of Ingress paths are a few dozen instructions; RE2's time per request grows with their size
    private static final int MAX_PROGRAM = 1000;

    private IngressPaths() {
    }

    /** The match of a path on a host without regular expressions, or a problem description ({@link Result#problem()} non-null). */
    static Result match(HTTPIngressPath path) {
        return match(path, null, PathAnnotations.NONE);
    }

    /**
     * The match and rewrite of a path of an Ingress with those path settings, or a problem description.
     *
     * @param regex why the host's paths are regular expressions ({@link RegexHosts#reason}), or null when they are not
     */
    static Result match(HTTPIngressPath path, String regex, PathAnnotations paths) {
        Result plain = plain(path);
        if (regex == null || plain.problem() != null) {
            return plain;
        }
        String value = path.getPath() == null || path.getPath().isEmpty() ? "/" : path.getPath();
        PathMatch match;
        try {
            match = PathMatch.regex(value);
        } catch (IllegalArgumentException invalid) {
            return Result.problem("path \"" + value + "\" is not a regular expression (" + invalid.getMessage() + "), and "
                    + regex + " (expected RE2 syntax); the path is not served");
        }
        int size = match.regex().programSize();
        if (size > MAX_PROGRAM) {
            return Result.problem("path \"" + value + "\" is too large a regular expression (" + size + " instructions; expected at "
                    + "most " + MAX_PROGRAM + "), and " + regex + "; the path is not served");
        }
        if (paths.rewriteInvalid()) {
            return Result.problem("path \"" + value + "\" is not served: the Ingress's annotation rewrite-target cannot be used");
        }
        String target = paths.rewriteTarget();
        // as ingress-nginx, a target that is the path itself rewrites nothing
        if (target == null || target.equals(value)) {
            return Result.of(match);
        }
        int groups = match.regex().groupCount();
        if (PathRewrite.highestGroup(target) > groups) {
            return Result.problem("path \"" + value + "\" has " + groups + " capture group" + (groups == 1 ? "" : "s") + ", but the "
                    + "Ingress's annotation rewrite-target \"" + target + "\" uses $" + PathRewrite.highestGroup(target)
                    + " (expected a path with each group the target uses); the path is not served");
        }
        return new Result(match, null, PathRewrite.regex(match, target));
    }

    private static Result plain(HTTPIngressPath path) {
        String type = path.getPathType();
        String value = path.getPath();
        if (type == null || type.isEmpty()) {
            return Result.problem("pathType is missing (expected Exact, Prefix or ImplementationSpecific)");
        }
        switch (type) {
            case "Exact", "Prefix" -> {
                String problem = absolutePathProblem(value);
                if (problem != null) {
                    return Result.problem(problem);
                }
                return Result.of(type.equals("Exact") ? PathMatch.exact(value) : PathMatch.prefix(value));
            }
            case "ImplementationSpecific" -> {
                if (value == null || value.isEmpty()) {
                    return Result.of(PathMatch.prefix("/"));
                }
                String problem = characterProblem(value);
                if (problem == null && !value.startsWith("/")) {
                    problem = "path \"" + value + "\" must start with \"/\"";
                }
                return problem != null ? Result.problem(problem) : Result.of(PathMatch.prefix(value));
            }
            default -> {
                return Result.problem("pathType \"" + type + "\" is not one of Exact, Prefix or ImplementationSpecific");
            }
        }
    }

    private static String absolutePathProblem(String value) {
        if (value == null || value.isEmpty()) {
            return "path is missing (expected an absolute path such as \"/\")";
        }
        String problem = characterProblem(value);
        if (problem != null) {
            return problem;
        }
        if (!value.startsWith("/")) {
            return "path \"" + value + "\" must start with \"/\"";
        }
        for (String sequence : INVALID_SEQUENCES) {
            if (value.contains(sequence)) {
                return "path \"" + value + "\" must not contain \"" + sequence + "\"";
            }
        }
        for (String suffix : INVALID_SUFFIXES) {
            if (value.endsWith(suffix)) {
                return "path \"" + value + "\" must not end with \"" + suffix + "\"";
            }
        }
        return null;
    }

    private static String characterProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return "path \"" + value.replaceAll("\\p{Cntrl}", "?") + "\" must not contain spaces or control characters";
            }
        }
        return null;
    }

    /**
     * A path match or the reason there is none.
     *
     * @param rewrite the route's regex rewrite, or null
     */
    record Result(PathMatch match, String problem, PathRewrite rewrite) {
        static Result of(PathMatch match) {
            return new Result(match, null, null);
        }

        static Result problem(String problem) {
            return new Result(null, problem, null);
        }

        /** The route's action with the rewrite: a forward sends the path upstream rewritten; anything else is unchanged. */
        RouteAction rewritten(RouteAction action) {
            if (rewrite == null || !(action instanceof RouteAction.Forward forward)) {
                return action;
            }
            return forward.withFilters(forward.filters().withPathRewrite(rewrite));
        }
    }
}
