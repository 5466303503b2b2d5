package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.BasicAuth;
import dev.gatehouse.routing.ClientAuth;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.RouteAction;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Map;

/**
 * An Ingress's behaviour from its annotations, under {@code gatehouse.dev/} or, for migration, the same keys
 * under {@code nginx.ingress.kubernetes.io/}, with ingress-nginx's meanings and defaults; Gatehouse's own
 * key wins when both are set. Each value is parsed into a typed setting; one that cannot be used is
 * reported (key, value, what was expected) and its default applies, while the Ingress's other settings
 * still do. Keys that inject configuration text are refused with a warning; unknown keys under our
 * prefixes get a warning naming the closest known key ({@link AnnotationCatalog}).
 *
 * @param policy  the limits of the Ingress's routes
 * @param filters what its routes check and change
 * @param served   false when the Ingress asks for access control Gatehouse does not read yet: it is then not
 *                 served at all, rather than served open
 * @param redirect what every route of the Ingress answers instead of forwarding ({@code permanent-redirect},
 *                 {@code temporal-redirect}), or null
 * @param appRoot  where a request for {@code /} is redirected ({@code app-root}), or null
 * @param aliases  more hosts its rules serve ({@code server-alias})
 * @param canary   what makes it a canary of another Ingress's rules
 * @param paths    how its paths match and are rewritten
 * @param upstream how its backends are spoken to
 * @param clientAuth what its TLS hosts ask of client certificates ({@code auth-tls-*}), or null
 */
public record IngressAnnotations(RequestPolicy policy, RequestFilters filters, boolean served, RouteAction.Redirect redirect, String appRoot,
                          List<String> aliases, CanaryAnnotations canary, PathAnnotations paths, UpstreamAnnotations upstream,
                          ClientAuth clientAuth) {

    static final IngressAnnotations DEFAULT = new IngressAnnotations(RequestPolicy.DEFAULTS, RequestFilters.NONE, true, null, null,
            List.of(), CanaryAnnotations.NONE, PathAnnotations.NONE, UpstreamAnnotations.NONE, null);
    /** An allow list no client address is in: what an unreadable allow list becomes, rather than allowing everyone. */
    private static final List<String> NOBODY = List.of("0.0.0.0/32");

    /** What a rule of the Ingress to {@code cluster} does: forward with these settings, or the Ingress's redirect. */
    public RouteAction forward(ClusterName cluster) {
        return redirect != null ? redirect : new RouteAction.Forward(cluster, policy, filters);
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }

    public static IngressAnnotations of(Ingress ingress, ObjectRef owner, AnnotationContext context, List<Warning> warnings) {
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        GlobalConfig global = context.global();
        if ((annotations == null || annotations.isEmpty()) && global.equals(GlobalConfig.DEFAULTS)) {
            return DEFAULT;
        }
        AnnotationReader reader = new AnnotationReader(annotations == null ? Map.of() : annotations, owner, warnings);
        boolean served = reader.checkKeys();
        // an annotation wins over the global ConfigMap, which wins over the proxy's defaults
        int tries = reader.count("proxy-next-upstream-tries");
        long bodySize = reader.size("proxy-body-size");
        RequestPolicy policy = new RequestPolicy(orElse(reader.seconds("proxy-connect-timeout"), global.connectTimeout()),
                orElse(reader.seconds("proxy-read-timeout"), global.readTimeout()), orElse(reader.seconds("proxy-send-timeout"),
                global.sendTimeout()), tries != 0 ? tries : global.nextUpstreamTries(), bodySize != 0 ? bodySize : global.bodySize());
        // allowlist-source-range is ingress-nginx's name now; whitelist-source-range the older one
        List<String> sources = reader.ranges("allowlist-source-range");
        if (sources != null && sources.isEmpty()) {
            sources = reader.ranges("whitelist-source-range");
        }
        if (sources != null && sources.isEmpty()) {
            sources = global.allowedSources();
        }
        List<String> denied = reader.ranges("denylist-source-range");
        if (denied != null && denied.isEmpty()) {
            denied = global.deniedSources();
        }
        // a list that cannot be read lets nobody in, rather than everyone
        boolean unreadableSources = sources == null || denied == null;
        if (unreadableSources) {
            sources = NOBODY;
            denied = List.of();
        }
        String prefix = reader.text("x-forwarded-prefix");
        RequestFilters filters = new RequestFilters(sources, null, null, reader.host("upstream-vhost"), null, denied,
                prefix == null ? Map.of() : Map.of("x-forwarded-prefix", prefix));
        if (!global.accessLog()) {
            filters = filters.withAccessLog(false);
        }
        filters = filters.withErrorPages(ErrorPageAnnotations.read(reader, context, owner)).withMirror(MirrorAnnotations.read(reader))
                .withAccessLog(AccessLogAnnotation.read(reader, filters.accessLog()))
                .withTracing(TracingAnnotations.read(reader, global.tracing()));
        filters = AuthAnnotations.read(reader, owner, context, filters.withCors(CorsAnnotations.read(reader)));
        if (unreadableSources) {
            // nobody is let in by the lists, and satisfy any must not let credentials stand in for them
            filters = filters.withSatisfyAny(false);
        }
        // after auth: a custom-headers ConfigMap that is missing refuses every request, whatever auth says
        filters = HeaderAnnotations.apply(filters, reader, owner, context);
        filters = filters.withGlobalRateLimit(GlobalRateLimitAnnotations.read(reader, owner, ingress.getMetadata().getUid(), global,
                warnings));
        filters = filters.withRateLimit(RateLimitAnnotations.read(reader, owner, global));
        ClientAuthAnnotations clientAuth = ClientAuthAnnotations.read(reader, owner, context);
        if (global.restricted() || clientAuth.unreadable()) {
            // access control that is not read yet (the global ConfigMap's) or cannot be used (auth-tls-*): refuse every
            // request rather than let one through
            filters = filters.withBasicAuth(BasicAuth.unreadable(""));
        }
        UpstreamAnnotations upstream = UpstreamAnnotations.read(reader);
        policy = upstream.applyTo(policy).withResponseRate(ResponseRateAnnotations.read(reader, global))
                .withBuffering(BufferingAnnotations.read(reader, global.buffering()).model());
        return new IngressAnnotations(policy, filters, served, reader.redirect(), reader.path("app-root"), reader.hosts("server-alias"),
                CanaryAnnotations.read(reader), PathAnnotations.read(reader), upstream, clientAuth.clientAuth());
    }
}
