package dev.gatehouse.proxy.downstream;

import dev.gatehouse.proxy.filter.Verdict;

/**
 * What {@link FilterRun} reports to the downstream whose request it checks: the request passed every filter, or one
 * answered it; and, after a verdict computed off the event loop, that the connection may go on.
 */
interface Checked {

    /** Every filter passed: the request goes upstream. */
    void passed(Forwarding forwarding);

    /** A filter answered the request itself (a 401, a 403, a 429, a preflight's 204). */
    void answered(Forwarding forwarding, Verdict.Answer answer);

    /** A suspended check has its verdict and has acted on it: what waited meanwhile may go on. */
    void resumed();
}
