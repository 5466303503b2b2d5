package dev.gatehouse.proxy.http;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Browsers that reject, or misread as Strict, a cookie with {@code SameSite=None}: Chromium's list of known
 * incompatible clients (Chrome 51 to 66, every browser on iOS 12, Safari and embedded browsers on macOS 10.14,
 * UC Browser before 12.13.2), for {@code session-cookie-conditional-samesite-none}.
 *
 * <p>The User-Agent is the client's, examined on the event loop: the patterns are RE2/J's, linear in its length
 * (backtracking regular expressions took minutes on a few kilobytes of a repeated {@code (iP; CPU OS 12}), and one
 * longer than {@link #MAX_EXAMINED} characters is not examined at all.
 */
public final class SameSiteNone {

    /**
     * The longest User-Agent examined. The listed browsers send a few hundred characters at most, in-app browsers'
     * additions included; a longer one is none of them, and gets {@code SameSite=None} as a current browser does.
     */
    public static final int MAX_EXAMINED = 1024;

    private static final Pattern OLD_CHROME = Pattern.compile("Chrom(e|ium)/(5[1-9]|6[0-6])\\.");
    private static final Pattern IOS_12 = Pattern.compile("\\(iP.+; CPU .*OS 12[_\\d]*.*\\) AppleWebKit/");
    private static final Pattern MACOS_10_14 = Pattern.compile("\\(Macintosh;.*Mac OS X 10_14[_\\d]*.*\\) AppleWebKit/");
    private static final Pattern SAFARI = Pattern.compile("Version/.* Safari/");
    private static final Pattern MAC_EMBEDDED = Pattern.compile(
            "^Mozilla/[.\\d]+ \\(Macintosh;.*Mac OS X [_\\d]+\\) AppleWebKit/[.\\d]+ \\(KHTML, like Gecko\\)$");
    private static final Pattern UC_BROWSER = Pattern.compile("UCBrowser/(\\d{1,6})\\.(\\d{1,6})\\.(\\d{1,6})");

    private SameSiteNone() {
    }

    /** Whether the browser of that User-Agent is known to mishandle {@code SameSite=None}; false without one. */
    static boolean incompatible(String userAgent) {
        if (userAgent == null || userAgent.length() > MAX_EXAMINED) {
            return false;
        }
        if (IOS_12.matcher(userAgent).find()) {
            return true;
        }
        boolean chromium = userAgent.contains("Chrome") || userAgent.contains("Chromium");
        if (MACOS_10_14.matcher(userAgent).find()
                && (SAFARI.matcher(userAgent).find() && !chromium || MAC_EMBEDDED.matcher(userAgent).find())) {
            return true;
        }
        if (OLD_CHROME.matcher(userAgent).find()) {
            return true;
        }
        Matcher uc = UC_BROWSER.matcher(userAgent);
        if (uc.find()) {
            int major = Integer.parseInt(uc.group(1));
            int minor = Integer.parseInt(uc.group(2));
            int build = Integer.parseInt(uc.group(3));
            return major < 12 || major == 12 && (minor < 13 || minor == 13 && build < 2);
        }
        return false;
    }
}
