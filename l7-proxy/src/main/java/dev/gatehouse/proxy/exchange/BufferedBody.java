package dev.gatehouse.proxy.exchange;

import dev.gatehouse.logging.Causes;
import dev.gatehouse.logging.LogLimiter;
import dev.gatehouse.proxy.live.BodyTempFiles;
import dev.gatehouse.routing.Buffering;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A request body read completely before an upstream is chosen ({@code proxy-request-buffering}), so a slow client never
 * holds an upstream connection: the first bytes, up to the route's memory size, as the pieces came; past that, all of
 * it in a temporary file, which is deleted when the exchange ends, however it ends. It goes on with its length known,
 * as nginx sends it: a chunked body gets a Content-Length and loses its trailers.
 */
final class BufferedBody {

    private static final Logger log = LoggerFactory.getLogger(BufferedBody.class);
    /** A directory that fails does so for every request. */
    private static final LogLimiter FILES = LogLimiter.perMinute(log, Level.WARN);
    /** The most read back from the file at a time. */
    private static final int CHUNK = 64 * 1024;

    private final BodyTempFiles files;
    private final int memoryBytes;
    private final ArrayDeque<ByteBuf> memory = new ArrayDeque<>(4);
    private long size;
    private long stored;
    private Path path;
    private FileChannel file;
    private long readBack;
    private boolean started;
    private boolean ended;

    private BufferedBody(BodyTempFiles files, int memoryBytes) {
        this.files = files;
        this.memoryBytes = memoryBytes;
    }

    /**
     * The buffer for {@code request}'s body, or null when it streams: buffering is off, there is no body, or the body is
     * a gRPC stream or comes after an upgrade, which only make sense as they come.
     */
    static BufferedBody of(Buffering buffering, HttpRequest request, boolean upgrade, boolean http2, BodyTempFiles files) {
        if (!buffering.requests() || upgrade || request instanceof LastHttpContent) {
            return null;
        }
        long length = HttpUtil.getContentLength(request, -1L);
        boolean body = length > 0 || HttpUtil.isTransferEncodingChunked(request) || length < 0 && http2;
        if (!body) {
            // most requests: nothing to buffer, and no further header looked up
            return null;
        }
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        boolean grpc = type != null && type.regionMatches(true, 0, "application/grpc", 0, 16);
        return grpc ? null : new BufferedBody(files, buffering.requestMemoryBytes());
    }

    /** Takes a piece of the body, whose buffer is now this one's; past the memory size it goes to the file. */
    void add(HttpContent content) throws IOException {
        ByteBuf bytes = content.content();
        size += bytes.readableBytes();
        if (file == null && size <= memoryBytes) {
            if (bytes.isReadable()) {
                memory.add(bytes);
            } else {
                bytes.release();
            }
            return;
        }
        try {
            if (file == null) {
                spill();
            }
            write(bytes);
        } finally {
            bytes.release();
        }
    }

    private void spill() throws IOException {
        path = files.create();
        file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ByteBuf held;
        while ((held = memory.poll()) != null) {
            try {
                write(held);
            } finally {
                held.release();
            }
        }
    }

    private void write(ByteBuf bytes) throws IOException {
        while (bytes.isReadable()) {
            stored += bytes.readBytes(file, stored, bytes.readableBytes());
        }
    }

    /** The body's length. */
    long size() {
        return size;
    }

    /** Whether the body is being sent and not all of it went out yet. */
    boolean sending() {
        return started && !ended;
    }

    /** Whether all of it went out, its end included. */
    boolean sent() {
        return ended;
    }

    /** The request head says how long the body is, instead of how the client framed it. */
    void frame(HttpRequest request) {
        request.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        HttpUtil.setContentLength(request, size);
    }

    /**
     * Writes more of the body on {@code upstream} (not flushed) while it can take more; returns whether the end went out.
     * What the file holds goes out a chunk at a time, the rest when the connection is writable again.
     */
    boolean writeTo(Channel upstream) throws IOException {
        started = true;
        ByteBuf piece;
        while ((piece = memory.poll()) != null) {
            upstream.write(new DefaultHttpContent(piece), upstream.voidPromise());
        }
        while (file != null && readBack < stored) {
            if (!upstream.isWritable()) {
                return false;
            }
            int length = (int) Math.min(CHUNK, stored - readBack);
            ByteBuf chunk = upstream.alloc().ioBuffer(length);
            try {
                while (chunk.readableBytes() < length) {
                    if (chunk.writeBytes(file, readBack + chunk.readableBytes(), length - chunk.readableBytes()) < 0) {
                        throw new IOException("the file of the request body is shorter than the body");
                    }
                }
            } catch (IOException e) {
                chunk.release();
                throw e;
            }
            readBack += length;
            upstream.write(new DefaultHttpContent(chunk), upstream.voidPromise());
        }
        upstream.write(LastHttpContent.EMPTY_LAST_CONTENT, upstream.voidPromise());
        ended = true;
        return true;
    }

    static void unstorable(IOException e) {
        FILES.log("request body file", "a buffered request body could not be stored: {}", Causes.describe(e));
    }

    static void unreadable(IOException e) {
        FILES.log("request body file", "a buffered request body could not be read back: {}", Causes.describe(e));
    }

    /** The exchange ended: the memory is freed and the file deleted. */
    void discard() {
        ByteBuf held;
        while ((held = memory.poll()) != null) {
            held.release();
        }
        Path deleted = path;
        path = null;
        try (FileChannel closed = file) {
            file = null;
            if (deleted != null) {
                Files.deleteIfExists(deleted);
            }
        } catch (IOException e) {
            FILES.log("request body file", "the file {} of a buffered request body could not be deleted: {}", deleted,
                    Causes.describe(e));
        }
    }
}
