package dev.gatehouse.proxy.exchange;

import dev.gatehouse.logging.Causes;
import dev.gatehouse.logging.LogLimiter;
import dev.gatehouse.proxy.live.BodyTempFiles;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The part of one answer read ahead beyond the memory buffers ({@code proxy-max-temp-file-size}): an owner-only file of
 * {@link BodyTempFiles} that is appended to at one end and read back, in order, at the other. Once all of it was read
 * back it starts again from its beginning, so the file never grows past what waits in it at once (plus one piece).
 */
final class ResponseFile implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ResponseFile.class);
    /** A directory that fails does so for every answer. */
    private static final LogLimiter FILES = LogLimiter.perMinute(log, Level.WARN);

    private final Path path;
    private final FileChannel file;
    private long written;
    private long read;

    private ResponseFile(Path path, FileChannel file) {
        this.path = path;
        this.file = file;
    }

    static ResponseFile create(BodyTempFiles files) throws IOException {
        Path path = files.create();
        try {
            return new ResponseFile(path, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE));
        } catch (IOException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /** Appends what {@code bytes} holds; the caller still releases it. */
    void append(ByteBuf bytes) throws IOException {
        while (bytes.isReadable()) {
            written += bytes.readBytes(file, written, bytes.readableBytes());
        }
    }

    /** Whether bytes wait to be read back. */
    boolean pending() {
        return read < written;
    }

    /** How many bytes were appended since the file last started again. */
    long size() {
        return written;
    }

    /** The next bytes in order, at most {@code most}; when all was read back, the file starts again from its beginning. */
    ByteBuf next(ByteBufAllocator alloc, int most) throws IOException {
        int length = (int) Math.min(most, written - read);
        ByteBuf chunk = alloc.ioBuffer(length);
        try {
            while (chunk.readableBytes() < length) {
                if (chunk.writeBytes(file, read + chunk.readableBytes(), length - chunk.readableBytes()) < 0) {
                    throw new IOException("the file of the answer read ahead is shorter than what was written to it");
                }
            }
        } catch (IOException e) {
            chunk.release();
            throw e;
        }
        read += length;
        if (read == written) {
            read = 0;
            written = 0;
        }
        return chunk;
    }

    static void failed(String what, IOException e) {
        FILES.log("response file", "an answer read ahead could not be {}: {}", what, Causes.describe(e));
    }

    /** Deletes the file. */
    @Override
    public void close() {
        try (FileChannel closed = file) {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            FILES.log("response file", "the file {} of an answer read ahead could not be deleted: {}", path, Causes.describe(e));
        }
    }
}
