package dev.gatehouse.proxy.testing;

import org.awaitility.Awaitility;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * An HTTP/2 client with prior knowledge on a plain socket that writes whatever frames a test builds, malformed or
 * abusive ones included, and records every frame the server sends (header blocks decoded). For protocol edge cases
 * and floods that a well-behaved HTTP/2 stack would refuse to send.
 */
public final class RawH2Client implements AutoCloseable {

    public static final int DATA = 0;
    public static final int HEADERS = 1;
    public static final int PRIORITY = 2;
    public static final int RST_STREAM = 3;
    public static final int SETTINGS = 4;
    public static final int PING = 6;
    public static final int GOAWAY = 7;
    public static final int WINDOW_UPDATE = 8;
    public static final int CONTINUATION = 9;

    public static final int END_STREAM = 0x1;
    public static final int END_HEADERS = 0x4;

    public static final long PROTOCOL_ERROR = 0x1;
    public static final long REFUSED_STREAM = 0x7;
    public static final long CANCEL = 0x8;
    public static final long ENHANCE_YOUR_CALM = 0xb;

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A frame from the server; {@code headers} is the decoded block of a HEADERS frame, else null. */
    public record Frame(int type, int flags, int streamId, byte[] payload, Http2Headers headers) {
        /** The error code of a RST_STREAM or GOAWAY frame. */
        public long errorCode() {
            ByteBuffer buffer = ByteBuffer.wrap(payload);
            return Integer.toUnsignedLong(type == GOAWAY ? buffer.getInt(4) : buffer.getInt(0));
        }

        /** The debug data of a GOAWAY frame: Netty's reason in words. */
        public String debugData() {
            return new String(payload, 8, payload.length - 8, StandardCharsets.UTF_8);
        }

        public boolean endStream() {
            return (flags & END_STREAM) != 0;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final Http2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder(Http2HeadersEncoder.NEVER_SENSITIVE, true);
    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false, 1 << 20);
    private final List<Frame> received = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile long sent;

    /** Connects, sends the preface and an empty SETTINGS frame, and reads everything the server sends. */
    public RawH2Client(int port) {
        this(port, new byte[0], 0);
    }

    /**
     * Connects and sends the preface with these SETTINGS (6-byte entries); with {@code receiveBuffer} above 0 the
     * socket's receive buffer is that small and nothing is read, for a client that never reads.
     */
    public RawH2Client(int port, byte[] settings, int receiveBuffer) {
        try {
            socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) WAIT.toMillis() * 3);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) WAIT.toMillis());
            out = socket.getOutputStream();
            send(PREFACE, frame(SETTINGS, 0, 0, settings));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (receiveBuffer == 0) {
            Thread reader = new Thread(this::read, "raw-h2-client-" + socket.getLocalPort());
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** A SETTINGS entry, for {@link #RawH2Client(int, byte[], int)} and {@link #settings}. */
    public static byte[] setting(int id, long value) {
        return ByteBuffer.allocate(6).putShort((short) id).putInt((int) value).array();
    }

    /** Writes these frames in one go; false when the server had closed the connection. */
    public boolean send(byte[]... frames) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            all.writeBytes(frame);
        }
        try {
            out.write(all.toByteArray());
            out.flush();
            sent += all.size();
            return true;
        } catch (IOException closedByServer) {
            return false;
        }
    }

    /** Bytes written so far, the preface included. */
    public long sent() {
        return sent;
    }

    public static byte[] frame(int type, int flags, int streamId, byte[] payload) {
        return ByteBuffer.allocate(9 + payload.length)
                .put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length)
                .put((byte) type).put((byte) flags).putInt(streamId).put(payload).array();
    }

    /** A GET for {@code authority}{@code path}, as a header list a test may add to. */
    public static Http2Headers get(String authority, String path) {
        return new DefaultHttp2Headers(false).method("GET").scheme("http").authority(authority).path(path);
    }

    /** The HPACK block of {@code headers}, encoded with this connection's dynamic table. */
    public byte[] headerBlock(Http2Headers headers) {
        ByteBuf block = Unpooled.buffer();
        try {
            encoder.encodeHeaders(1, headers, block);
            return ByteBufUtil.getBytes(block);
        } catch (Http2Exception e) {
            throw new IllegalArgumentException(e);
        } finally {
            block.release();
        }
    }

    /** A HEADERS frame with the whole block (END_HEADERS). */
    public byte[] headers(int streamId, Http2Headers headers, boolean endStream) {
        return frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), streamId, headerBlock(headers));
    }

    public static byte[] data(int streamId, byte[] bytes, boolean endStream) {
        return frame(DATA, endStream ? END_STREAM : 0, streamId, bytes);
    }

    public static byte[] rst(int streamId, long errorCode) {
        return frame(RST_STREAM, 0, streamId, ByteBuffer.allocate(4).putInt((int) errorCode).array());
    }

    public static byte[] ping(long opaque) {
        return frame(PING, 0, 0, ByteBuffer.allocate(8).putLong(opaque).array());
    }

    public static byte[] settings(byte[] entries) {
        return frame(SETTINGS, 0, 0, entries);
    }

    public static byte[] priority(int streamId, int dependency) {
        return frame(PRIORITY, 0, streamId, ByteBuffer.allocate(5).putInt(dependency).put((byte) 15).array());
    }

    public static byte[] windowUpdate(int streamId, int increment) {
        return frame(WINDOW_UPDATE, 0, streamId, ByteBuffer.allocate(4).putInt(increment).array());
    }

    /** Every frame received so far, in order. */
    public List<Frame> received() {
        return List.copyOf(received);
    }

    /** The first frame received that matches, waiting for it at most 20 s. */
    public Frame await(Predicate<Frame> frame) {
        return Awaitility.await().atMost(WAIT).until(() -> find(frame), Optional::isPresent).orElseThrow();
    }

    /** The GOAWAY the server sent, waiting for it at most 20 s. */
    public Frame awaitGoAway() {
        return await(frame -> frame.type() == GOAWAY);
    }

    /** The response (or reset) that ended {@code streamId}: its HEADERS frame or RST_STREAM, at most 20 s away. */
    public Frame awaitAnswer(int streamId) {
        return await(frame -> frame.streamId() == streamId && (frame.type() == HEADERS || frame.type() == RST_STREAM));
    }

    /** Waits at most 20 s for the server to close the connection. */
    public void awaitClosed() {
        Awaitility.await().atMost(WAIT).until(() -> closed);
    }

    public boolean closed() {
        return closed;
    }

    private Optional<Frame> find(Predicate<Frame> frame) {
        return received.stream().filter(frame).findFirst();
    }

    private void read() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] head = new byte[9];
            while (true) {
                in.readFully(head);
                ByteBuffer header = ByteBuffer.wrap(head);
                int length = (header.get() & 0xff) << 16 | (header.get() & 0xff) << 8 | (header.get() & 0xff);
                int type = header.get() & 0xff;
                int flags = header.get() & 0xff;
                int streamId = header.getInt() & 0x7fffffff;
                byte[] payload = new byte[length];
                in.readFully(payload);
                Http2Headers headers = type == HEADERS ? decoder.decodeHeaders(streamId, Unpooled.wrappedBuffer(payload)) : null;
                received.add(new Frame(type, flags, streamId, payload, headers));
            }
        } catch (IOException | Http2Exception end) {
            closed = true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
