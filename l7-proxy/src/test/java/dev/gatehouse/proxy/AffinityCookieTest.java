package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gatehouse.proxy.http.DownstreamResponse;
import dev.gatehouse.proxy.http.SameSiteNone;
import dev.gatehouse.routing.SessionAffinity;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** The Set-Cookie of cookie affinity: the attributes of session-cookie-*. */
class AffinityCookieTest {

    @Test
    void a_session_cookie_has_neither_max_age_nor_expires() {
        assertThat(setCookie(SessionAffinity.cookie("INGRESSCOOKIE"))).isEqualTo("INGRESSCOOKIE=abc; Path=/; HTTPOnly");
    }

    @Test
    void max_age_alone_also_gives_the_matching_expires_for_older_browsers() {
        String cookie = setCookie(new SessionAffinity("route", "/app", Duration.ofHours(1), false, null, false));

        assertThat(cookie).startsWith("route=abc; Path=/app; HTTPOnly; Max-Age=3600; Expires=");
        assertThat(expires(cookie)).isCloseTo(System.currentTimeMillis() + 3_600_000, org.assertj.core.data.Offset.offset(5_000L));
    }

    @Test
    void expires_is_its_own_lifetime_next_to_max_age_and_same_site_and_secure_are_set() {
        String cookie = setCookie(new SessionAffinity("route", "/", Duration.ofHours(1), true, "None", false, Duration.ofDays(2)));

        assertThat(cookie).startsWith("route=abc; Path=/; Secure; HTTPOnly; SameSite=None; Max-Age=3600; Expires=");
        assertThat(expires(cookie)).isCloseTo(System.currentTimeMillis() + Duration.ofDays(2).toMillis(),
                org.assertj.core.data.Offset.offset(5_000L));
    }

    @Test
    void expires_alone_has_no_max_age() {
        String cookie = setCookie(new SessionAffinity("route", "/", null, false, "Lax", false, Duration.ofMinutes(10)));

        assertThat(cookie).startsWith("route=abc; Path=/; HTTPOnly; SameSite=Lax; Expires=").doesNotContain("Max-Age");
    }

    @Test
    void a_conditional_same_site_none_is_left_out_for_browsers_known_to_reject_it_only() {
        SessionAffinity affinity = new SessionAffinity("route", "/", null, true, "None", false, null, true);
        String chrome60 = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/60.0.3112.113 "
                + "Safari/537.36";
        String ios12 = "Mozilla/5.0 (iPhone; CPU iPhone OS 12_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                + "Version/12.1.2 Mobile/15E148 Safari/604.1";
        String macSafari = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                + "Version/12.1.2 Safari/605.1.15";
        String macEmbedded = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) AppleWebKit/605.1.15 (KHTML, like Gecko)";
        String uc = "Mozilla/5.0 (Linux; U; Android 8.0.0; en-US) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 "
                + "UCBrowser/12.10.8.1172 Mobile Safari/534.30";
        String chrome120 = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
                + "Safari/537.36";
        String macChrome = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/120.0.0.0 Safari/537.36";

        for (String old : new String[] {chrome60, ios12, macSafari, macEmbedded, uc}) {
            assertThat(setCookie(affinity, old)).isEqualTo("route=abc; Path=/; Secure; HTTPOnly");
        }
        for (String current : new String[] {chrome120, macChrome, null}) {
            assertThat(setCookie(affinity, current)).isEqualTo("route=abc; Path=/; Secure; HTTPOnly; SameSite=None");
        }
        assertThat(setCookie(new SessionAffinity("route", "/", null, true, "None", false, null, false), chrome60))
                .isEqualTo("route=abc; Path=/; Secure; HTTPOnly; SameSite=None");
    }

    @Test
    void a_hostile_user_agent_costs_the_event_loop_no_more_than_an_ordinary_one() {
        SessionAffinity affinity = new SessionAffinity("route", "/", null, true, "None", false, null, true);
        // what made backtracking patterns try every split of the input: minutes for a few kilobytes, over a second for 1 KB
        String atTheLimit = "(iP; CPU OS 12".repeat(SameSiteNone.MAX_EXAMINED / 14 + 1).substring(0, SameSiteNone.MAX_EXAMINED - 1) + "x";
        String eightKilobytes = "(iP; CPU OS 12".repeat(8 * 1024 / 14 + 1).substring(0, 8 * 1024);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int i = 0; i < 100; i++) {
                assertThat(setCookie(affinity, atTheLimit)).isEqualTo("route=abc; Path=/; Secure; HTTPOnly; SameSite=None");
            }
            assertThat(setCookie(affinity, eightKilobytes)).isEqualTo("route=abc; Path=/; Secure; HTTPOnly; SameSite=None");
        });
    }

    private static String setCookie(SessionAffinity affinity) {
        return setCookie(affinity, null);
    }

    private static String setCookie(SessionAffinity affinity, String userAgent) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        DownstreamResponse.setAffinityCookie(response, affinity, "/", false, "abc", userAgent);
        return response.headers().get(HttpHeaderNames.SET_COOKIE);
    }

    private static long expires(String cookie) {
        Date date = DateFormatter.parseHttpDate(cookie.substring(cookie.indexOf("Expires=") + "Expires=".length()));
        return date.getTime();
    }
}
