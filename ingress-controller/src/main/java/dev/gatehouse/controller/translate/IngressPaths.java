package dev.gatehouse.controller.translate;

import dev.gatehouse.routing.PathMatch;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import java.util.List;

/**
 * Turns the path and pathType of an Ingress path into a {@link PathMatch}, with the API server's checks.
 *
 * <p>{@code Exact} and {@code Prefix} follow the specification. {@code ImplementationSpecific} is
 * matched as a prefix (the root {@code /} when the path is empty), which is what ingress-nginx does for
 * paths that are not regular expressions.
 */
final class IngressPaths {

    private static final List<String> INVALID_SEQUENCES = List.of("//", "/./", "/../", "%2f", "%2F");
    private static final List<String> INVALID_SUFFIXES = List.of("/..", "/.");

    private IngressPaths() {
    }

    /** The match, or a problem description ({@link Result#problem()} non-null). */
    static Result match(HTTPIngressPath path) {
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

    /** A path match or the reason there is none. */
    record Result(PathMatch match, String problem) {
        static Result of(PathMatch match) {
            return new Result(match, null);
        }

        static Result problem(String problem) {
            return new Result(null, problem);
        }
    }
}
