package dev.gatehouse.proxy.filter;

/** The route's allowed and denied source addresses: another client is answered 403. */
final class SourceListFilter implements RequestFilter {

    private final RouteFilters filters;

    SourceListFilter(RouteFilters filters) {
        this.filters = filters;
    }

    @Override
    public Verdict check(FilteredRequest request) {
        // the address may come from a forwarded header: the answer does not repeat it
        return filters.allows(request.client().client()) ? Verdict.PASS
                : Verdict.answer(403, "the client address is not allowed on this route");
    }
}
