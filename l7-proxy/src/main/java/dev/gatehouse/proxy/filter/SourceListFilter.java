package dev.gatehouse.proxy.filter;

import dev.gatehouse.proxy.net.Cidrs;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The route's allowed and denied source addresses: another client is answered 403. */
final class SourceListFilter implements RequestFilter {

    private static final Logger log = LoggerFactory.getLogger(SourceListFilter.class);

    private final Cidrs allowed;
    private final Cidrs denied;
    private final boolean denyAll;
    private final boolean listedOnly;

    private SourceListFilter(Cidrs allowed, Cidrs denied, boolean denyAll, boolean listedOnly) {
        this.allowed = allowed;
        this.denied = denied;
        this.denyAll = denyAll;
        this.listedOnly = listedOnly;
    }

    /**
     * The lists of route {@code route}, either of which may be empty. A source that is not an address or range should
     * have been refused by the translator; if one gets here the route refuses every client, since allowing all would
     * open what the list was meant to close.
     */
    static SourceListFilter compile(String route, List<String> allowed, List<String> denied) {
        return compile(route, allowed, denied, false);
    }

    /**
     * The lists as one of the access checks under {@code satisfy any} ({@link AnyAccessCheck}): only an address an allow
     * list names lets the request in. An address no list names is refused here, so that another check decides, as
     * nginx's access module neither allows nor denies it; with a deny list alone it would otherwise let everyone else
     * in without credentials.
     */
    static SourceListFilter compileForAny(String route, List<String> allowed, List<String> denied) {
        return compile(route, allowed, denied, true);
    }

    private static SourceListFilter compile(String route, List<String> allowed, List<String> denied, boolean listedOnly) {
        try {
            return new SourceListFilter(allowed.isEmpty() ? null : Cidrs.parse(allowed), denied.isEmpty() ? null : Cidrs.parse(denied),
                    false, listedOnly);
        } catch (IllegalArgumentException invalid) {
            log.error("route {}: sources {} / denied {}: {}; every client is refused until the lists are fixed", route,
                    allowed, denied, invalid.getMessage());
            return new SourceListFilter(null, null, true, listedOnly);
        }
    }

    @Override
    public Verdict check(FilteredRequest request) {
        // the address may come from a forwarded header: the answer does not repeat it
        return allows(request.client().client()) ? Verdict.PASS : Verdict.answer(403, "the client address is not allowed on this route");
    }

    /** Whether the client address (after PROXY protocol and trusted forwarded headers) may use the route. */
    private boolean allows(CharSequence client) {
        if (denyAll) {
            return false;
        }
        String address = client.toString();
        return (allowed == null ? !listedOnly : allowed.contains(address)) && (denied == null || !denied.contains(address));
    }
}
