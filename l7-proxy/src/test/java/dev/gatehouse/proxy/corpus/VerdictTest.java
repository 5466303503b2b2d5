package dev.gatehouse.proxy.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {

    private static final String SMUGGLING = "POST / HTTP/1.1\r\nHost: x\r\nConnection: Content-Length\r\nContent-Length: 35\r\n\r\n"
            + "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final StrictParse STRICT = parse(SMUGGLING, true);
    private static final ProxyOutcome FORWARDS_IT = outcome(SMUGGLING);
    private static final ProxyOutcome REFUSES = outcome();

    private static StrictParse parse(String text, boolean client) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return client ? StrictHttp1Parser.parseClientStream(bytes) : StrictHttp1Parser.parseUpstreamStream(bytes);
    }

    private static ProxyOutcome outcome(String... connections) {
        List<UpstreamConnection> upstream = java.util.Arrays.stream(connections)
                .map(text -> new UpstreamConnection(text, parse(text, false))).toList();
        return new ProxyOutcome(new ClientOutcome(List.of(200), ClientOutcome.End.ANSWERED), upstream);
    }

    @Test
    void forwarding_exactly_what_the_strict_parser_reads_passes() {
        assertThat(STRICT.requests()).hasSize(1);
        assertThat(Verdict.problems(STRICT, FORWARDS_IT, FORWARDS_IT, REFUSES)).isEmpty();
    }

    @Test
    void a_refusal_before_any_byte_reaches_the_upstream_passes() {
        assertThat(Verdict.problems(STRICT, REFUSES, FORWARDS_IT, FORWARDS_IT)).isEmpty();
    }

    @Test
    void a_body_forwarded_as_a_second_request_fails() {
        ProxyOutcome strippedLength = outcome("POST / HTTP/1.1\r\nHost: x\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(Verdict.problems(STRICT, strippedLength, FORWARDS_IT, FORWARDS_IT))
                .anyMatch(problem -> problem.contains("that the strict parser does not see"))
                .anyMatch(problem -> problem.startsWith("forwarded request 1 as"));
    }

    @Test
    void forwarding_what_nginx_and_haproxy_both_refuse_fails_even_when_the_strict_parser_accepts_it() {
        assertThat(Verdict.problems(STRICT, FORWARDS_IT, REFUSES, REFUSES))
                .containsExactly("sent the upstream 1 message(s) where nginx and HAProxy send at most 0");
    }

    @Test
    void a_message_cut_short_is_tolerated_only_as_the_start_of_the_next_message_the_strict_parser_reads() {
        ProxyOutcome cutPost = outcome("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 35\r\n\r\nGET /sm");
        ProxyOutcome cutGet = outcome("GET /smuggled HTTP/1.1\r\nHost: x\r\n");

        assertThat(Verdict.problems(STRICT, cutPost, FORWARDS_IT, FORWARDS_IT)).isEmpty();
        assertThat(Verdict.problems(STRICT, cutGet, FORWARDS_IT, FORWARDS_IT)).singleElement()
                .asString().startsWith("left a message cut short");
    }
}
