package dev.gatehouse.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.routing.LocationRewrite;
import dev.gatehouse.routing.PathRewrite;
import org.junit.jupiter.api.Test;

class RewritesTest {

    @Test
    void a_path_under_the_prefix_gets_the_replacement_and_keeps_its_query() {
        PathRewrite rewrite = new PathRewrite("/api", "/");

        assertThat(Rewrites.path(rewrite, "/api/users")).isEqualTo("/users");
        assertThat(Rewrites.path(rewrite, "/api/users?x=1&y=2")).isEqualTo("/users?x=1&y=2");
        assertThat(Rewrites.path(rewrite, "/api")).isEqualTo("/");
        assertThat(Rewrites.path(rewrite, "/api?x=1")).isEqualTo("/?x=1");
        assertThat(Rewrites.path(rewrite, "/api/")).isEqualTo("/");
    }

    @Test
    void a_replacement_without_trailing_slash_is_joined_with_one_slash() {
        PathRewrite rewrite = new PathRewrite("/shop", "/v2/store");

        assertThat(Rewrites.path(rewrite, "/shop/cart?id=7")).isEqualTo("/v2/store/cart?id=7");
        assertThat(Rewrites.path(rewrite, "/shop")).isEqualTo("/v2/store");
        assertThat(Rewrites.path(new PathRewrite("/shop", "/v2/"), "/shop/cart")).isEqualTo("/v2/cart");
    }

    @Test
    void the_root_prefix_puts_the_replacement_before_every_path() {
        assertThat(Rewrites.path(new PathRewrite("/", "/app"), "/x/y?q")).isEqualTo("/app/x/y?q");
        assertThat(Rewrites.path(new PathRewrite("/", "/app/"), "/x")).isEqualTo("/app/x");
        assertThat(Rewrites.path(new PathRewrite("/", "/app"), "/")).isEqualTo("/app/");
    }

    @Test
    void a_path_outside_the_prefix_is_unchanged() {
        PathRewrite rewrite = new PathRewrite("/api", "/");

        assertThat(Rewrites.path(rewrite, "/apix/users?x=1")).isEqualTo("/apix/users?x=1");
        assertThat(Rewrites.path(rewrite, "/other")).isEqualTo("/other");
        assertThat(Rewrites.path(rewrite, "*")).isEqualTo("*");
        assertThat(Rewrites.path(new PathRewrite("/", "/app"), "*")).isEqualTo("*");
    }

    @Test
    void a_location_path_or_absolute_url_on_the_host_becomes_the_prefix_and_the_path() {
        LocationRewrite rewrite = new LocationRewrite("backend.internal", "/app");

        assertThat(Rewrites.location(rewrite, "/login?next=%2F")).isEqualTo("/app/login?next=%2F");
        assertThat(Rewrites.location(rewrite, "http://backend.internal/login")).isEqualTo("/app/login");
        assertThat(Rewrites.location(rewrite, "https://Backend.Internal:8443/a/b?c#d")).isEqualTo("/app/a/b?c#d");
        assertThat(Rewrites.location(rewrite, "http://backend.internal")).isEqualTo("/app/");
        assertThat(Rewrites.location(rewrite, "http://backend.internal?x=1")).isEqualTo("/app/?x=1");
        assertThat(Rewrites.location(rewrite, "//backend.internal/x")).isEqualTo("/app/x");
    }

    @Test
    void with_the_root_prefix_only_scheme_and_host_go() {
        LocationRewrite rewrite = new LocationRewrite("backend.internal", "/");

        assertThat(Rewrites.location(rewrite, "http://backend.internal:8080/x")).isEqualTo("/x");
        assertThat(Rewrites.location(rewrite, "/x")).isEqualTo("/x");
    }

    @Test
    void a_location_on_another_host_or_relative_is_left_alone() {
        LocationRewrite rewrite = new LocationRewrite("backend.internal", "/app");

        assertThat(Rewrites.location(rewrite, "https://login.example.com/x")).isEqualTo("https://login.example.com/x");
        assertThat(Rewrites.location(rewrite, "http://backend.internal.evil.example/x")).isEqualTo("http://backend.internal.evil.example/x");
        assertThat(Rewrites.location(rewrite, "//cdn.example/x")).isEqualTo("//cdn.example/x");
        assertThat(Rewrites.location(rewrite, "next/page")).isEqualTo("next/page");
        assertThat(Rewrites.location(rewrite, "mailto:someone@backend.internal")).isEqualTo("mailto:someone@backend.internal");
    }

    @Test
    void an_ipv6_host_is_compared_with_its_brackets() {
        LocationRewrite rewrite = new LocationRewrite("[2001:db8::1]", "/app");

        assertThat(Rewrites.location(rewrite, "http://[2001:db8::1]:8080/x")).isEqualTo("/app/x");
        assertThat(Rewrites.location(rewrite, "http://[2001:db8::2]/x")).isEqualTo("http://[2001:db8::2]/x");
    }
}
