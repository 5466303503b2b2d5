/**
 * Request filters: the checks a request to a forwarding route passes before it goes upstream. Start at
 * {@code RequestFilter} (answer, pass or suspend, with a {@code Verdict}) and {@code RouteFilters}, which compiles a
 * route's filters once per snapshot into the ordered chain: CORS preflight, global rate limit, rate limit, source lists,
 * basic auth, external auth, body limit; under {@code satisfy any} the three access checks are one {@code AnyAccessCheck},
 * which lets the request on when one of them passes. The checks' own machinery is here too: {@code RateLimiter},
 * {@code GlobalCounters} (global rate limits' counters in memcached, on the event loops), {@code PasswordChecks}
 * (bcrypt off the event loops), {@code ExternalAuthClient}, {@code CorsPolicy}, and {@code RequestMirror}, which
 * copies a mirrored route's requests.
 */
package dev.gatehouse.proxy.filter;
