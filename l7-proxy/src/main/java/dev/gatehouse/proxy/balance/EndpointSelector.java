package dev.gatehouse.proxy.balance;

/**
 * Picks the endpoint of one request among a cluster's members. Called on event loops; never blocks.
 *
 * <p>Selectors prefer members that are available and not yet tried; when no member is available they
 * choose among all untried ones ("panic": better a possibly failing endpoint than a certain 503) and
 * say so through {@link Choice#panic()}.
 */
interface EndpointSelector {

    /** The choice, or null when every member was tried (or there are none). */
    Choice select(SelectionRequest request, long now);

    /** A chosen member, and whether it was chosen in panic. */
    record Choice(Member member, boolean panic) {
    }

    /** The first untried member from {@code start} on that is available; else, in panic, the first untried one. */
    static Choice scan(Member[] members, int start, SelectionRequest request, long now) {
        int count = members.length;
        Member fallback = null;
        for (int k = 0; k < count; k++) {
            Member member = members[(start + k) % count];
            if (request.tried(member)) {
                continue;
            }
            if (member.health().available(now)) {
                return new Choice(member, false);
            }
            if (fallback == null) {
                fallback = member;
            }
        }
        return fallback == null ? null : new Choice(fallback, true);
    }
}
