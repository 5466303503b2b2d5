package dev.gatehouse.proxy.corpus;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends one entry's bytes on a new connection and reads the answers: stops once {@code expected} final
 * answers arrived, or the proxy closes or resets, or nothing comes for a second before the first answer
 * (a proxy waiting for bytes that never come) or for 300 ms after an answer (an idle keep-alive connection).
 */
public final class RawExchange {

    private static final int READ_TIMEOUT_MILLIS = 1000;
    private static final int IDLE_AFTER_ANSWER_MILLIS = 300;
    private static final int MAX_LINE = 16 * 1024;

    private RawExchange() {
    }

    public static ClientOutcome send(int port, byte[] bytes, int expected) throws IOException {
        List<Integer> statuses = new ArrayList<>();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            try {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
            } catch (SocketException refusedMidway) {
                // a proxy may answer and close before reading everything: its answer is still read below
            }
            return new ClientOutcome(statuses, read(socket, in, statuses, expected));
        }
    }

    private static ClientOutcome.End read(Socket socket, InputStream in, List<Integer> statuses, int expected) {
        try {
            int finals = 0;
            while (finals < expected) {
                in.mark(5);
                byte[] start = in.readNBytes(5);
                if (start.length == 0) {
                    return ClientOutcome.End.CLOSED;
                }
                if (!new String(start, StandardCharsets.ISO_8859_1).equals("HTTP/")) {
                    return ClientOutcome.End.NOT_HTTP1;
                }
                in.reset();
                String statusLine = line(in);
                if (statusLine == null || !statusLine.matches("HTTP/1\\.[01] [0-9]{3}( .*)?")) {
                    return ClientOutcome.End.NOT_HTTP1;
                }
                int status = Integer.parseInt(statusLine.substring(9, 12));
                statuses.add(status);
                long length = -1;
                boolean chunked = false;
                for (String field; !(field = line(in)).isEmpty(); ) {
                    String lower = field.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        length = Long.parseLong(lower.substring(15).strip());
                    } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                        chunked = true;
                    }
                }
                if (status == 101) {
                    return ClientOutcome.End.ANSWERED;
                }
                if (status < 200) {
                    continue;
                }
                finals++;
                socket.setSoTimeout(IDLE_AFTER_ANSWER_MILLIS);
                if (chunked) {
                    skipChunked(in);
                } else if (length >= 0) {
                    in.skipNBytes(length);
                } else if (status != 204 && status != 304) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                    return ClientOutcome.End.CLOSED;
                }
            }
            return ClientOutcome.End.ANSWERED;
        } catch (SocketTimeoutException silent) {
            return ClientOutcome.End.SILENT;
        } catch (SocketException reset) {
            return ClientOutcome.End.RESET;
        } catch (IOException | RuntimeException brokenAnswer) {
            return ClientOutcome.End.CLOSED;
        }
    }

    private static void skipChunked(InputStream in) throws IOException {
        while (true) {
            long size = Long.parseLong(line(in).split(";")[0].strip(), 16);
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    continue;
                }
                return;
            }
            in.skipNBytes(size + 2);
        }
    }

    /** One CRLF- or LF-ended line of an answer, or null at the end of the stream before any byte. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (line.size() > MAX_LINE) {
                throw new IOException("answer line too long");
            }
            line.write(b);
        }
        if (line.size() == 0) {
            return null;
        }
        throw new java.io.EOFException("answer cut mid-line");
    }
}
