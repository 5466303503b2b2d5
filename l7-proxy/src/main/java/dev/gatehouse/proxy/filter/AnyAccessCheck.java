package dev.gatehouse.proxy.filter;

import java.util.concurrent.CompletableFuture;

/**
 * A route's access checks (source lists, basic auth, external auth) under nginx's {@code satisfy any}: the first that
 * passes lets the request on and the later ones are not asked. Each refusal (401 or 403) sends the request to the next
 * check; when none passes, the client gets a 401 rather than a 403 (nginx keeps the unauthorized code over the
 * forbidden one), and external auth's sign-in redirect over both, as nginx's {@code error_page 401} turns the final 401
 * into it. Any other answer (a check that could not be made: 500, 503) is the client's at once, as nginx finalizes
 * such a check without asking the rest.
 */
final class AnyAccessCheck implements RequestFilter {

    private final RequestFilter[] checks;

    AnyAccessCheck(RequestFilter[] checks) {
        this.checks = checks.clone();
    }

    @Override
    public Verdict check(FilteredRequest request) {
        return from(request, 0, null);
    }

    /**
     * The verdict of the checks from the {@code first}th on, given the best refusal so far. A check that suspends is
     * followed by the rest on the thread that completes it: while a verdict is pending the request is the filters'
     * alone (its connection does not read), and the future's completion orders what each check reads and sets.
     */
    private Verdict from(FilteredRequest request, int first, Verdict.Answer refused) {
        Verdict.Answer refusal = refused;
        for (int i = first; i < checks.length; i++) {
            Verdict verdict = checks[i].check(request);
            if (verdict.pending() != null) {
                int next = i + 1;
                Verdict.Answer before = refusal;
                return Verdict.later(verdict.pending().thenCompose(decided -> settled(request, decided, next, before)));
            }
            if (verdict.passes() || !refuses(verdict.answer())) {
                return verdict;
            }
            refusal = stronger(refusal, verdict.answer());
        }
        return Verdict.answer(refusal);
    }

    private CompletableFuture<Verdict> settled(FilteredRequest request, Verdict decided, int next, Verdict.Answer refused) {
        if (decided.passes() || !refuses(decided.answer())) {
            return CompletableFuture.completedFuture(decided);
        }
        Verdict rest = from(request, next, stronger(refused, decided.answer()));
        return rest.pending() != null ? rest.pending() : CompletableFuture.completedFuture(rest);
    }

    /** Whether an answer is an access check's refusal, after which the next check is asked. */
    private static boolean refuses(Verdict.Answer answer) {
        return rank(answer) > 0;
    }

    /** The refusal the client gets of two; the earlier on a tie, so basic auth's challenge stays over a bare 401. */
    private static Verdict.Answer stronger(Verdict.Answer current, Verdict.Answer next) {
        return current == null || rank(next) > rank(current) ? next : current;
    }

    /** 403 below 401 below external auth's sign-in redirect (302, which stands for its 401); 0 for no refusal. */
    private static int rank(Verdict.Answer answer) {
        return switch (answer.status()) {
            case 403 -> 1;
            case 401 -> 2;
            case 302 -> 3;
            default -> 0;
        };
    }
}
