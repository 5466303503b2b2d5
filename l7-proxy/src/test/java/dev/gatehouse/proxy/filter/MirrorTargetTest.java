package dev.gatehouse.proxy.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.routing.Mirror;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where a copy goes and with which Host, for each form of mirror-target. */
class MirrorTargetTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://test.example$request_uri      | test.example | 443  | /a/b?c=1        | test.example",
            "http://10.0.0.9:8080/copy$request_uri | 10.0.0.9     | 8080 | /copy/a/b?c=1   | 10.0.0.9:8080",
            "http://shadow.example/$request_uri    | shadow.example | 80 | /a/b?c=1        | shadow.example",
            "http://shadow.example/fixed           | shadow.example | 80 | /fixed          | shadow.example",
            "http://shadow.example                 | shadow.example | 80 | /a/b?c=1        | shadow.example",
            "http://shadow.example?from=mirror     | shadow.example | 80 | /?from=mirror   | shadow.example",
            "http://[::1]:9000$request_uri         | ::1          | 9000 | /a/b?c=1        | [::1]:9000",
    })
    void a_copy_of_a_b_c_goes_to_the_targets_address_with_its_path_and_host(String target, String host, int port, String uri,
                                                                           String hostHeader) {
        MirrorTarget parsed = MirrorTarget.of(new Mirror(target, true, null));

        assertThat(parsed.host()).isEqualTo(host);
        assertThat(parsed.port()).isEqualTo(port);
        assertThat(parsed.uri("/a/b?c=1")).isEqualTo(uri);
        assertThat(parsed.hostHeader()).isEqualTo(hostHeader);
    }

    @Test
    void an_https_target_has_its_tls_context_from_parsing_off_the_event_loops_one_for_all() {
        MirrorTarget first = MirrorTarget.of(new Mirror("https://a.example$request_uri", true, null));
        MirrorTarget second = MirrorTarget.of(new Mirror("https://b.example:8443/copy", true, null));

        assertThat(first.tls()).isNotNull().isSameAs(second.tls());
        assertThat(first.tls().isClient()).isTrue();
        assertThat(MirrorTarget.of(new Mirror("http://c.example", true, null)).tls()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"https://test.example$request_uri", "http://10.0.0.9:8080/x"})
    void mirror_host_replaces_the_targets_host_in_the_host_header(String target) {
        assertThat(MirrorTarget.of(new Mirror(target, false, "shadow.internal")).hostHeader()).isEqualTo("shadow.internal");
    }
}
