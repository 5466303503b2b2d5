package dev.gatehouse.proxy.filter;

import java.util.concurrent.CompletableFuture;

/**
 * External auth, after basic auth: the subrequest goes out from {@link ExternalAuthClient}'s threads and the request
 * waits for its answer (a failed subrequest is answered 500 rather than leaving the connection waiting); a 2xx lets
 * the request on with the auth service's headers copied in; the cookies of any answer are kept for the client's.
 */
final class ExternalAuthFilter implements RequestFilter {

    private final ExternalAuthCheck check;

    ExternalAuthFilter(ExternalAuthCheck check) {
        this.check = check;
    }

    @Override
    public Verdict check(FilteredRequest request) {
        CompletableFuture<ExternalAuthClient.Answer> answer =
                check.ask(request.request(), request.client(), request.externalAuth(), request.stats());
        if (answer.isDone()) {
            return decide(request, answer.join());
        }
        return Verdict.later(answer.handle((outcome, failure) -> decide(request, failure == null ? outcome : ExternalAuthClient.Answer.FAILED)));
    }

    private Verdict decide(FilteredRequest request, ExternalAuthClient.Answer answer) {
        // nginx sets $auth_cookie from any answer of the auth service: a refusal's cookies reach its sign-in redirect,
        // and with auth-always-set-cookie its 401 or 403 too
        AuthCookies cookies = check.cookies(answer);
        if (cookies != null) {
            request.passCookies(cookies);
        }
        ExternalAuthCheck.Refusal refusal = check.refusal(answer, request.request(), request.client());
        if (refusal == null) {
            check.applyTo(request.request(), answer);
            return Verdict.PASS;
        }
        return Verdict.answer(new Verdict.Answer(refusal.status(), refusal.body(), refusal.header(), refusal.value(), null, false));
    }
}
