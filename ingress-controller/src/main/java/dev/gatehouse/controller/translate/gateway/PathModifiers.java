package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.PathRewrite;
import dev.gatehouse.routing.PathType;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathModifier;

/**
 * A path modifier of URLRewrite or RequestRedirect as the model's {@link PathRewrite}: {@code ReplacePrefixMatch} replaces
 * the prefix a {@code PathPrefix} match matched; {@code ReplaceFullPath} replaces the whole path, whatever the match, as a
 * regex rewrite of every path. The query is kept either way.
 */
final class PathModifiers {

    /** Every path, from its start: the whole path a full replacement replaces. */
    private static final PathMatch WHOLE_PATH = PathMatch.regex("/.*");

    private PathModifiers() {
    }

    /**
     * @param path the match of the rule the request came through
     * @throws IllegalArgumentException when it cannot be served, saying why
     */
    static PathRewrite of(String field, HTTPPathModifier modifier, PathMatch path) {
        boolean full = "ReplaceFullPath".equals(modifier.getType());
        String replacement = full ? modifier.getReplaceFullPath() : modifier.getReplacePrefixMatch();
        if (!full && !"ReplacePrefixMatch".equals(modifier.getType()) || replacement == null || !replacement.startsWith("/")) {
            throw new IllegalArgumentException(field + ": expected type ReplaceFullPath or ReplacePrefixMatch with a path starting with \"/\"");
        }
        if (full) {
            // a template's "$" would stand for a capture group
            if (PathRewrite.highestGroup(replacement) != 0) {
                throw new IllegalArgumentException(field + ": path \"" + replacement + "\" must be a path without spaces, \"#\" or \"$\"");
            }
            return PathRewrite.regex(WHOLE_PATH, replacement);
        }
        if (path.type() != PathType.PREFIX) {
            throw new IllegalArgumentException(field + ": ReplacePrefixMatch needs a PathPrefix path match, not " + path);
        }
        return new PathRewrite(path.value(), replacement);
    }
}
