package dev.gatehouse.proxy.filter;

import dev.gatehouse.proxy.http.LocalResponses;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.concurrent.CompletableFuture;

/**
 * Basic auth: a missing, malformed or unknown user is answered at once; a password is checked by
 * {@link PasswordChecks}, and when that takes a pool thread (bcrypt takes tens of milliseconds) the request waits.
 */
final class BasicAuthFilter implements RequestFilter {

    private final RouteFilters filters;

    BasicAuthFilter(RouteFilters filters) {
        this.filters = filters;
    }

    @Override
    public Verdict check(FilteredRequest request) {
        CompletableFuture<PasswordChecks.Verdict> verdict =
                filters.checkCredentials(request.request().headers().get(HttpHeaderNames.AUTHORIZATION), request.passwordChecks());
        if (verdict.isDone()) {
            return decide(verdict.join());
        }
        // a check that fails must still answer the request
        return Verdict.later(verdict.handle((outcome, failure) -> decide(failure == null ? outcome : PasswordChecks.Verdict.FAILED)));
    }

    private Verdict decide(PasswordChecks.Verdict outcome) {
        return switch (outcome) {
            case VALID -> Verdict.PASS;
            case INVALID -> Verdict.answer(new Verdict.Answer(401,
                    LocalResponses.text(401, "this route needs a valid user and password (basic auth)"),
                    HttpHeaderNames.WWW_AUTHENTICATE, filters.challenge(), null, false));
            case BUSY -> Verdict.answer(503, "too many passwords are being checked; try again shortly");
            case FAILED -> Verdict.answer(500, "the password could not be checked");
            case UNAVAILABLE -> Verdict.answer(503, "the access control of this route could not be read; see the Ingress's warnings");
        };
    }
}
