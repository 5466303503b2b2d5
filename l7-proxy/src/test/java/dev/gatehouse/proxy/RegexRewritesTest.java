package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.http.Rewrites;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.PathRewrite;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** rewrite-target: the path sent upstream from a regex route's capture groups, as nginx's rewrite ... break. */
class RegexRewritesTest {

    @ParameterizedTest(name = "{0} with {1} sends {2} as {3}")
    @CsvSource(delimiterString = " | ", value = {
            "/something(/|$)(.*) | /$2          | /something/new?x=1&y=2 | /new?x=1&y=2",
            "/something(/|$)(.*) | /$2          | /something             | /",
            "/something(/|$)(.*) | /$2          | /SOMETHING/Case/Kept   | /Case/Kept",
            "/something(/|$)(.*) | /$2          | /something//a/./b/../c | /a/c",
            "/api/(v[0-9]+)/(.*) | /$2/$1       | /api/v2/users?page=3   | /users/v2?page=3",
            // the whole path is replaced, not only what the expression matched, as nginx does
            "/api                | /            | /api/users?x=1         | /?x=1",
            // $12 is group 1 then 2; an unmatched group is empty
            "/(a)(b)?            | /$12$2       | /a                     | /a2",
            // the template's own query comes first, the client's after it; a final ? drops the client's
            "/(.*)               | /search?v=2  | /find?q=x              | /search?v=2&q=x",
            "/(.*)               | /search?v=2  | /find                  | /search?v=2",
            "/(.*)               | /$1?         | /find?q=x              | /find",
            "/(.*)               | /x?from=$1?  | /find?q=x              | /x?from=find",
            "/(.*)               | /$1          | /find?                 | /find?",
    })
    void the_template_takes_the_groups_of_the_normalized_path_and_keeps_the_query(String regex, String template, String target,
                                                                                 String upstream) {
        assertThat(Rewrites.path(PathRewrite.regex(PathMatch.regex(regex), template), target)).isEqualTo(upstream);
    }

    @ParameterizedTest(name = "{0} stays {0}")
    @CsvSource({"/other/new?x=1", "*"})
    void a_target_the_route_does_not_match_goes_unchanged(String target) {
        assertThat(Rewrites.path(PathRewrite.regex(PathMatch.regex("/something(/|$)(.*)"), "/$2"), target)).isEqualTo(target);
    }
}
