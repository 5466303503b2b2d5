package dev.gatehouse.proxy.downstream;

import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.exchange.ErrorPage;
import dev.gatehouse.proxy.filter.RequestSlot;
import dev.gatehouse.proxy.filter.RouteFilters;
import dev.gatehouse.proxy.filter.Verdict;
import dev.gatehouse.proxy.http.ClientInfo;
import dev.gatehouse.proxy.http.ForwardedHeaders;
import dev.gatehouse.proxy.http.HeadersView;
import dev.gatehouse.proxy.http.HostRedirects;
import dev.gatehouse.proxy.http.LocalResponses;
import dev.gatehouse.proxy.http.RequestHeadRules;
import dev.gatehouse.proxy.http.RequestIds;
import dev.gatehouse.proxy.live.LiveRouting;
import dev.gatehouse.proxy.live.RouteRuntime;
import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.observe.RouteStats;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import java.util.function.Consumer;

/**
 * The first stage of a request on a client connection: reads its target (the absolute form included), refuses a head
 * the rules refuse, names the client, and routes the request through the live snapshot to what answers it: an ACME
 * challenge's key authorization, a redirect to HTTPS, the route's redirect or direct response, or, for a forwarding
 * route, its filters and then an exchange; a host that authenticates clients by certificate checks theirs first
 * ({@link ClientCertificateGate}), after a redirect to HTTPS. The live routing is read once per request: a snapshot swap in the middle of
 * a request changes nothing for it.
 */
final class RequestRouter {

    static final AsciiString HTTP = AsciiString.cached("http");
    static final AsciiString HTTPS = AsciiString.cached("https");
    // ACME HTTP-01 challenges must be answered over plain HTTP, and by whichever replica the CA reaches
    private static final String ACME_CHALLENGE = "/.well-known/acme-challenge/";

    /** Where a request goes. */
    sealed interface Routed permits Refused, Answered, Forwarded {
    }

    /** The request head breaks a rule: answered, and the connection (or stream) ends. */
    record Refused(RequestHeadRules.Refusal refusal) implements Routed {
    }

    /** The proxy answers the request itself. */
    record Answered(ClientInfo client, RouteStats stats, Verdict.Answer answer) implements Routed {
    }

    /** The request is for a forwarding route: on to its filters. */
    record Forwarded(Forwarding forwarding) implements Routed {
    }

    private final ProxyContext proxy;
    private final String peer;
    private final AsciiString peerValue;
    private final AsciiString portValue;
    private final boolean peerTrusted;
    private final AsciiString scheme;
    private final boolean http2;
    private final HeadersView headers = new HeadersView();
    private final ClientCertificateGate certificates;

    RequestRouter(ProxyContext proxy, String peer, AsciiString port, AsciiString scheme, boolean http2,
                  ClientCertificateGate certificates) {
        this.certificates = certificates;
        this.proxy = proxy;
        this.peer = peer;
        this.peerValue = AsciiString.of(peer);
        this.portValue = port;
        this.peerTrusted = proxy.trustedProxies().contains(peer);
        this.scheme = scheme;
        this.http2 = http2;
    }

    Routed route(HttpRequest request, Consumer<RequestSlot> holder) {
        String authority = request.headers().get(HttpHeaderNames.HOST);
        String target = request.uri();
        String absoluteAuthority = null;
        int pathStart = 0;
        if (isAbsoluteForm(target)) {
            int start = target.indexOf("//") + 2;
            pathStart = indexOfPathStart(target, start);
            absoluteAuthority = target.substring(start, pathStart);
        }
        RequestHeadRules.Refusal refusal = http2 ? RequestHeadRules.checkHttp2(request) : RequestHeadRules.check(request, absoluteAuthority);
        if (refusal != null) {
            return new Refused(refusal);
        }
        if (absoluteAuthority != null) {
            // RFC 9112 section 3.2.2: the authority of an absolute target replaces the Host header.
            authority = absoluteAuthority;
            target = pathStart == target.length() ? "/" : target.substring(pathStart);
            request.setUri(target);
            request.headers().set(HttpHeaderNames.HOST, authority);
        }
        ClientInfo client = client(request);
        LiveRouting live = proxy.live();
        Route route = live.snapshot().router().find(authority, target, headers.of(request));
        RouteRuntime compiled = live.route(route);
        RouteStats stats = compiled.stats();
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !proxy.draining();
        String keyAuthorization = target.startsWith(ACME_CHALLENGE) ? live.snapshot().acmeChallenge(challengeToken(target)) : null;
        if (keyAuthorization != null) {
            return new Answered(client, stats, answer(200, keyAuthorization, keepAlive, null, null));
        }
        if (route.action() instanceof RouteAction.Forward forward) {
            RequestPolicy policy = compiled.policy();
            if (policy.redirectToHttps() && scheme == HTTP && !target.startsWith(ACME_CHALLENGE)) {
                int redirect = policy.httpsRedirectStatus();
                String location = "https://" + hostOnly(authority) + proxy.httpsRedirectSuffix() + target;
                return new Answered(client, stats, answer(redirect,
                        LocalResponses.text(redirect, "this host is served over HTTPS at " + location), keepAlive,
                        HttpHeaderNames.LOCATION, location));
            }
            Verdict.Answer refused = certificates.check(request, live.snapshot(), hostOnly(authority), keepAlive);
            if (refused != null) {
                return new Answered(client, stats, refused);
            }
            ClusterRuntime cluster = live.cluster(forward, request.headers());
            RouteFilters filters = compiled.filters(forward, cluster);
            return new Forwarded(new Forwarding(holder, proxy, request, client, stats, cluster, policy, filters, keepAlive,
                    ErrorPage.defaultBackend(live, filters)));
        }
        Verdict.Answer refused = certificates.check(request, live.snapshot(), hostOnly(authority), keepAlive);
        if (refused != null) {
            return new Answered(client, stats, refused);
        }
        if (route.action() instanceof RouteAction.Redirect redirect) {
            String location = HostRedirects.location(redirect, scheme, authority, target);
            return new Answered(client, stats, answer(redirect.status(),
                    LocalResponses.text(redirect.status(), "moved to " + location), keepAlive, HttpHeaderNames.LOCATION, location));
        }
        RouteAction.DirectResponse direct = (RouteAction.DirectResponse) route.action();
        return new Answered(client, stats, answer(direct.status(), direct.body(), keepAlive, null, null));
    }

    /** Who sent the request: the peer, or behind a trusted proxy the client its forwarded headers name. */
    private ClientInfo client(HttpRequest request) {
        String requestId = request.headers().get(RequestIds.X_REQUEST_ID);
        CharSequence clientAddress = peerTrusted
                ? AsciiString.of(ForwardedHeaders.client(request.headers(), peer, proxy.trustedProxies())) : peerValue;
        return new ClientInfo(peerValue, clientAddress, peerTrusted, portValue,
                requestId != null ? requestId : RequestIds.generate(), scheme);
    }

    private static Verdict.Answer answer(int status, String body, boolean keepAlive, CharSequence header, CharSequence value) {
        return new Verdict.Answer(status, body, header, value, null, !keepAlive);
    }

    /** The token of an ACME HTTP-01 challenge request: what follows the well-known prefix, without a query. */
    private static String challengeToken(String target) {
        int query = target.indexOf('?', ACME_CHALLENGE.length());
        return target.substring(ACME_CHALLENGE.length(), query < 0 ? target.length() : query);
    }

    /** The host of an authority without its port ({@code [::1]} stays bracketed); empty when there is none. */
    private static String hostOnly(String authority) {
        if (authority == null) {
            return "";
        }
        int end = authority.startsWith("[") ? authority.indexOf(']') + 1 : authority.lastIndexOf(':');
        return end <= 0 ? authority : authority.substring(0, end);
    }

    private static boolean isAbsoluteForm(String target) {
        return target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8);
    }

    private static int indexOfPathStart(String target, int from) {
        for (int i = from; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return target.length();
    }
}
