package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.HeaderEdits;
import dev.gatehouse.routing.Mirror;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.PathRewrite;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.Tracing;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPCORSFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRequestRedirectFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPURLRewriteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.LocalObjectReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The filters of one rule, and those of its backend when it has one: the header modifiers of each direction
 * ({@link HeaderChanges}), mirrors ({@link MirrorReader}), CORS ({@link CorsReader}), a redirect or a rewrite, and the
 * first ExtensionRef, which no extension of ours resolves.
 */
final class RuleFilters {

    private final HeaderChanges request = new HeaderChanges();
    private final HeaderChanges response = new HeaderChanges();
    private HTTPRequestRedirectFilter redirect;
    private String redirectField;
    private HTTPURLRewriteFilter rewrite;
    private String rewriteField;
    private HTTPCORSFilter cors;
    private String corsField;
    private String extension;
    private final List<HTTPRouteFilter> mirrors = new ArrayList<>();
    private final List<String> mirrorFields = new ArrayList<>();

    /** Reads the rule's filters; returns why the rule cannot be served, or null. */
    String read(String field, List<HTTPRouteFilter> filters) {
        for (int k = 0; k < filters.size(); k++) {
            HTTPRouteFilter filter = filters.get(k);
            String filterField = field + ".filters[" + k + "]";
            String problem = switch (filter.getType() == null ? "" : filter.getType()) {
                case "RequestRedirect" -> {
                    redirect = filter.getRequestRedirect();
                    redirectField = filterField;
                    yield redirect == null ? filterField + ": the filter's settings are missing" : null;
                }
                case "RequestMirror" -> {
                    mirrors.add(filter);
                    mirrorFields.add(filterField + ".requestMirror");
                    yield null;
                }
                case "CORS" -> {
                    cors = filter.getCors();
                    corsField = filterField + ".cors";
                    yield null;
                }
                case "URLRewrite" -> {
                    rewrite = filter.getUrlRewrite();
                    rewriteField = filterField;
                    yield rewriteProblem(filterField, rewrite);
                }
                default -> readShared(filterField, filter);
            };
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** Reads the filters of the rule's backend, after the rule's; returns why they cannot be served, or null. */
    String readBackend(String field, List<HTTPRouteFilter> filters) {
        for (int k = 0; k < filters.size(); k++) {
            String problem = readShared(field + ".filters[" + k + "]", filters.get(k));
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** The filters a rule and a backend may both have. */
    private String readShared(String field, HTTPRouteFilter filter) {
        return switch (filter.getType() == null ? "" : filter.getType()) {
            case "RequestHeaderModifier" -> request.read(field, filter.getRequestHeaderModifier());
            case "ResponseHeaderModifier" -> response.read(field, filter.getResponseHeaderModifier());
            case "ExtensionRef" -> {
                LocalObjectReference ref = filter.getExtensionRef();
                if (extension == null) {
                    extension = field + ": ExtensionRef " + (ref == null ? "without a reference"
                            : ref.getGroup() + "/" + ref.getKind() + " " + ref.getName()) + " is not a filter Gatehouse knows";
                }
                yield null;
            }
            default -> field + ": filter type " + filter.getType() + " is not served yet";
        };
    }

    private static String rewriteProblem(String field, HTTPURLRewriteFilter rewrite) {
        if (rewrite == null) {
            return field + ": the filter's settings are missing";
        }
        if (rewrite.getHostname() != null && !rewrite.getHostname().toLowerCase(Locale.ROOT).matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
            return field + ": hostname \"" + rewrite.getHostname() + "\" is not a host name";
        }
        return null;
    }

    /** Whether the rule answers with a redirect instead of forwarding. */
    boolean redirects() {
        return redirect != null;
    }

    /** Why the rule's requests get 500 (an ExtensionRef nothing resolves), as a ResolvedRefs message; null when they do not. */
    String unresolvedExtension() {
        return extension;
    }

    /**
     * Reads the rule's mirrors.
     *
     * @throws IllegalArgumentException when one cannot be served, saying why
     */
    List<Mirror> mirrors(MirrorReader reader, ObjectRef owner, String namespace) {
        List<Mirror> read = new ArrayList<>();
        for (int i = 0; i < mirrors.size(); i++) {
            Mirror mirror = reader.read(owner, namespace, mirrorFields.get(i), mirrors.get(i).getRequestMirror());
            if (mirror != null) {
                read.add(mirror);
            }
        }
        return read;
    }

    /**
     * The filters of a request that came through {@code path}.
     *
     * @throws IllegalArgumentException when the rewrite cannot be served for that match or the CORS at all, saying why
     */
    RequestFilters forward(PathMatch path, List<Mirror> copies) {
        PathRewrite pathRewrite = rewrite == null || rewrite.getPath() == null ? null
                : PathModifiers.of(rewriteField + ".urlRewrite.path", rewrite.getPath(), path);
        String host = rewrite == null || rewrite.getHostname() == null ? null : rewrite.getHostname().toLowerCase(Locale.ROOT);
        return new RequestFilters(List.of(), null, pathRewrite, host, null, List.of(), request.set(), null, null,
                cors == null ? null : CorsReader.read(corsField, cors), response.set(), null, null, true, Tracing.DEFAULT)
                .withHeaderEdits(new HeaderEdits(request.add(), request.remove(), response.add(), response.remove()))
                .withMirrors(copies);
    }

    /**
     * The redirect of a request that came through {@code path}, or null when the rule forwards.
     *
     * @throws IllegalArgumentException when the redirect cannot be served for that match, saying why
     */
    RouteAction.Redirect redirect(PathMatch path, int listenerPort) {
        return redirect == null ? null : RedirectReader.read(redirectField + ".requestRedirect", redirect, path, listenerPort);
    }
}
