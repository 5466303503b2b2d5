package dev.gatehouse.proxy.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The reference parser the corpus verdicts rest on: it must find requests where they are, and only there. */
class StrictHttp1ParserTest {

    private static StrictParse client(String text) {
        return StrictHttp1Parser.parseClientStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void pipelined_requests_are_read_in_order_with_their_bodies() {
        StrictParse parse = client("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                + "POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2;e=\"q\"\r\nhi\r\n3\r\nyou\r\n0\r\nT: v\r\n\r\n");

        assertThat(parse.ending()).isEqualTo(StrictParse.Ending.COMPLETE);
        assertThat(parse.requests()).containsExactly(
                new SeenRequest("POST", "/a", "x", "hello"), new SeenRequest("POST", "/b", "x", "hiyou"));
    }

    @Test
    void content_length_beside_transfer_encoding_is_invalid_whatever_the_order() {
        assertThat(client("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").ending())
                .isEqualTo(StrictParse.Ending.INVALID);
        assertThat(client("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n").reason())
                .isEqualTo("Content-Length with Transfer-Encoding");
    }

    @Test
    void a_bare_lf_makes_the_stream_invalid_after_the_requests_before_it() {
        StrictParse parse = client("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\nX: y\r\n\r\n");

        assertThat(parse.requests()).extracting(SeenRequest::target).containsExactly("/a");
        assertThat(parse.ending()).isEqualTo(StrictParse.Ending.INVALID);
        assertThat(parse.pending()).isEqualTo("GET /b");
    }

    @Test
    void a_client_stream_ends_at_a_closing_request_but_an_upstream_stream_is_read_to_its_end() {
        byte[] bytes = "GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);

        assertThat(StrictHttp1Parser.parseClientStream(bytes).requests()).hasSize(1);
        assertThat(StrictHttp1Parser.parseUpstreamStream(bytes).requests()).hasSize(2);
    }

    @Test
    void a_body_shorter_than_its_length_is_incomplete_not_invalid() {
        StrictParse parse = client("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nhello");

        assertThat(parse.ending()).isEqualTo(StrictParse.Ending.INCOMPLETE);
        assertThat(parse.requests()).isEmpty();
    }

    @Test
    void an_absolute_form_target_is_reduced_to_its_path_and_must_agree_with_host_up_to_the_default_port() {
        assertThat(client("GET http://X.example:80?q HTTP/1.1\r\nHost: x.example\r\n\r\n").requests())
                .containsExactly(new SeenRequest("GET", "/?q", "x.example", ""));
        assertThat(client("GET http://y.example/ HTTP/1.1\r\nHost: x.example\r\n\r\n").reason())
                .isEqualTo("Host disagrees with the absolute-form authority");
    }

    @Test
    void chunk_sizes_that_overflow_64_bits_are_invalid_and_leading_zeros_are_not() {
        String head = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";

        assertThat(client(head + "10000000000000005\r\nhello\r\n0\r\n\r\n").reason()).isEqualTo("chunk size overflows");
        assertThat(client(head + "00000000000000000000005\r\nhello\r\n0\r\n\r\n").requests())
                .extracting(SeenRequest::body).containsExactly("hello");
    }
}
