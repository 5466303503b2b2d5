package dev.gatehouse.proxy;

import dev.gatehouse.proxy.testing.RawUpstream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An upstream that reads requests off the wire as a plain HTTP/1.1 server would (Content-Length or chunked
 * bodies, else none) and records each one's head and body, answering each with a small 200: what it records is
 * what a real server behind the proxy would take for separate requests.
 */
final class RecordingUpstream implements AutoCloseable {

    /** One request as the upstream read it. */
    record Seen(String head, String body) {
        String requestLine() {
            return head.substring(0, head.indexOf("\r\n"));
        }

        /** The values of one header, by its name in any case. */
        List<String> header(String name) {
            return head.lines().skip(1).filter(line -> line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).toList();
        }
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final RawUpstream server = RawUpstream.start(this::serve);

    int port() {
        return server.port();
    }

    List<Seen> requests() {
        return seen;
    }

    private void serve(java.net.Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        while (true) {
            String head = RawUpstream.readHead(in);
            if (!head.endsWith("\r\n\r\n")) {
                return;
            }
            Seen request = new Seen(head, readBody(in, head));
            seen.add(request);
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    private static String readBody(InputStream in, String head) throws IOException {
        Seen parsed = new Seen(head, "");
        if (parsed.header("transfer-encoding").stream().anyMatch(value -> value.equalsIgnoreCase("chunked"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line(in);
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!line(in).isEmpty()) {
                        // trailer fields are not part of the body
                    }
                    return body.toString(StandardCharsets.ISO_8859_1);
                }
                body.write(in.readNBytes(size));
                line(in);
            }
        }
        List<String> length = parsed.header("content-length");
        return length.isEmpty() ? "" : new String(in.readNBytes(Integer.parseInt(length.get(0))), StandardCharsets.ISO_8859_1);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                // the proxy gave up on the request mid-body: it was never complete here
                throw new EOFException();
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        server.close();
    }
}
