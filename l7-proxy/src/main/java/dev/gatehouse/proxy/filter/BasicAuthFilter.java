package dev.gatehouse.proxy.filter;

import dev.gatehouse.proxy.http.BasicCredentials;
import dev.gatehouse.proxy.http.LocalResponses;
import dev.gatehouse.routing.BasicAuth;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;
import java.util.concurrent.CompletableFuture;

/**
 * Basic auth: a missing, malformed or unknown user is answered at once; a password is checked by
 * {@link PasswordChecks}, and when that takes a pool thread (bcrypt takes tens of milliseconds) the request waits.
 */
final class BasicAuthFilter implements RequestFilter {

    private static final CompletableFuture<PasswordChecks.Verdict> INVALID = CompletableFuture.completedFuture(PasswordChecks.Verdict.INVALID);
    private static final CompletableFuture<PasswordChecks.Verdict> UNAVAILABLE =
            CompletableFuture.completedFuture(PasswordChecks.Verdict.UNAVAILABLE);

    private final BasicAuth auth;
    private final AsciiString challenge;

    BasicAuthFilter(BasicAuth auth) {
        this.auth = auth;
        this.challenge = AsciiString.of("Basic realm=\"" + auth.realm() + "\"");
    }

    @Override
    public Verdict check(FilteredRequest request) {
        CompletableFuture<PasswordChecks.Verdict> verdict =
                checkCredentials(request.request().headers().get(HttpHeaderNames.AUTHORIZATION), request.passwordChecks());
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
                    HttpHeaderNames.WWW_AUTHENTICATE, challenge, null, false));
            case BUSY -> Verdict.answer(503, "too many passwords are being checked; try again shortly");
            case FAILED -> Verdict.answer(500, "the password could not be checked");
            case UNAVAILABLE -> Verdict.answer(503, "the access control of this route could not be read; see the Ingress's warnings");
        };
    }

    /**
     * The verdict on the credentials of an Authorization header (null when absent): missing and malformed ones at
     * once, a password by {@code checks}; an unknown user's password is checked against another user's hash and
     * refused, so that it takes as long as a wrong password.
     */
    private CompletableFuture<PasswordChecks.Verdict> checkCredentials(String authorization, PasswordChecks checks) {
        if (auth.unavailable()) {
            return UNAVAILABLE;
        }
        BasicCredentials credentials = BasicCredentials.parse(authorization);
        if (credentials == null) {
            return INVALID;
        }
        String hash = auth.users().get(credentials.user());
        if (hash == null) {
            return checks.refuseUnknown(credentials.password(), auth.users().values().iterator().next());
        }
        return checks.check(credentials.user(), credentials.password(), hash);
    }
}
