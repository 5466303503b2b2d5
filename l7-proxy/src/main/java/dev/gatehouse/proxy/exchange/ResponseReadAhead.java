package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.live.BodyTempFiles;
import dev.gatehouse.routing.Buffering;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * How far the upstream's answer is read ahead of the client ({@code proxy-buffering}), as nginx does. Off, the upstream
 * is read only while the client connection takes more, so a slow client slows the upstream down. On, the bytes written
 * for the client and not yet taken may reach the route's memory bound; beyond it the answer goes on into a
 * {@link ResponseFile} while that holds less than the route's file bound ({@code proxy-max-temp-file-size}), and only
 * then is the upstream no longer read. Each time the client took enough, the file is read back a chunk at a time, in
 * order. So an answer within both bounds is in whole while the client still reads, and its upstream connection free
 * again: the answer's end then waits here, after the file, for the client.
 */
final class ResponseReadAhead {

    // off keeps no state, so every exchange of a route without proxy-buffering shares it
    private static final ResponseReadAhead OFF = new ResponseReadAhead(-1, 0, null, null, null, null, null, null);
    /** The most read back from the file at a time. */
    private static final int CHUNK = 64 * 1024;

    private final long bound;
    private final long fileBound;
    private final ChannelHandlerContext ctx;
    private final BodyTempFiles files;
    private final ExchangeDeadlines deadlines;
    private final Runnable drained;
    private final Runnable upstreamDone;
    private final Consumer<ChannelFuture> lastWritten;
    private long waiting;
    private ResponseFile file;
    private boolean fileFailed;
    private LastHttpContent end;
    private boolean closed;

    private ResponseReadAhead(long bound, long fileBound, ChannelHandlerContext ctx, BodyTempFiles files,
                              ExchangeDeadlines deadlines, Runnable drained, Runnable upstreamDone,
                              Consumer<ChannelFuture> lastWritten) {
        this.bound = bound;
        this.fileBound = fileBound;
        this.ctx = ctx;
        this.files = files;
        this.deadlines = deadlines;
        this.drained = drained;
        this.upstreamDone = upstreamDone;
        this.lastWritten = lastWritten;
    }

    /**
     * @param drained      called when the client took enough that the upstream may be read again
     * @param upstreamDone told when the answer's end came from the upstream while part of the answer waits in the file
     * @param lastWritten  given the write of the answer's end once the file was read back: the exchange then finishes
     */
    static ResponseReadAhead of(Buffering buffering, ChannelHandlerContext ctx, BodyTempFiles files, ExchangeDeadlines deadlines,
                                Runnable drained, Runnable upstreamDone, Consumer<ChannelFuture> lastWritten) {
        return buffering.responses() ? new ResponseReadAhead(buffering.responseBytes(), buffering.responseFileBytes(), ctx, files,
                deadlines, drained, upstreamDone, lastWritten) : OFF;
    }

    /** Writes a piece of the answer (not its end) for the client, not flushed, or keeps it in the file. */
    void write(ChannelHandlerContext context, HttpObject piece) {
        if (bound < 0 || !(piece instanceof HttpContent content)) {
            context.write(piece, context.voidPromise());
        } else if (spilled() || waiting > bound && fileOpen()) {
            store(content);
        } else {
            send(content);
        }
    }

    /**
     * Writes the answer's end for the client, flushed, and returns the write; or, while part of the answer waits in the
     * file, keeps it until the file was read back, and returns null: the upstream's part is over meanwhile.
     */
    ChannelFuture end(ChannelHandlerContext context, LastHttpContent last) {
        if (!spilled()) {
            return context.writeAndFlush(last);
        }
        end = last;
        // what the client still has to take is no longer the upstream's silence
        deadlines.upstreamHeld(true);
        upstreamDone.run();
        // with the upstream let go, no end of its read flushes what was written for the client meanwhile
        context.flush();
        return null;
    }

    /** Whether the upstream should stop being read until the client catches up. */
    boolean full(Channel client) {
        if (bound < 0) {
            return !client.isWritable();
        }
        return usesFile() ? fileFull() : waiting > bound;
    }

    /** The exchange ended, however: the file is deleted and a kept end dropped. */
    void close() {
        if (bound < 0) {
            return;
        }
        closed = true;
        if (end != null) {
            end.release();
            end = null;
        }
        if (file != null) {
            file.close();
            file = null;
        }
    }

    private boolean usesFile() {
        return fileBound > 0 && !fileFailed;
    }

    private boolean fileFull() {
        return file != null && file.size() >= fileBound;
    }

    private boolean spilled() {
        return file != null && file.pending();
    }

    /** Whether the file can take the answer on, made at the first piece that needs it. */
    private boolean fileOpen() {
        if (!usesFile()) {
            return false;
        }
        if (file == null) {
            try {
                file = ResponseFile.create(files);
            } catch (IOException e) {
                // the answer still goes on, read no further ahead than the memory bound
                fileFailed = true;
                ResponseFile.failed("stored", e);
                return false;
            }
        }
        return true;
    }

    private void store(HttpContent content) {
        try {
            file.append(content.content());
            if (fileFull()) {
                // the upstream waits for the client now, which may take long for a large file: not the upstream's silence
                deadlines.upstreamHeld(true);
            }
        } catch (IOException e) {
            // part of the answer is in the file already: the client can only be cut off, as nginx does
            ResponseFile.failed("stored", e);
            ctx.close();
        } finally {
            content.release();
        }
    }

    private void send(HttpContent content) {
        int bytes = content.content().readableBytes();
        waiting += bytes;
        ctx.write(content).addListener(written -> taken(bytes, written.isSuccess()));
    }

    private void taken(int bytes, boolean written) {
        boolean wasFull = waiting > bound;
        waiting -= bytes;
        if (!written || closed) {
            // the client connection is gone: the exchange ends through it
            return;
        }
        if (file != null) {
            readBack();
        } else if (wasFull && waiting <= bound && !usesFile()) {
            drained.run();
        }
    }

    /** While the client took enough, the file is read back; once all of it is, the end follows or the upstream resumes. */
    private void readBack() {
        boolean wasFull = fileFull();
        boolean wrote = false;
        try {
            while (waiting <= bound && file.pending()) {
                ByteBuf chunk = file.next(ctx.alloc(), CHUNK);
                wrote = true;
                send(new DefaultHttpContent(chunk));
            }
        } catch (IOException e) {
            ResponseFile.failed("read back", e);
            ctx.close();
            return;
        }
        if (!file.pending() && end != null) {
            LastHttpContent last = end;
            end = null;
            lastWritten.accept(ctx.writeAndFlush(last));
            return;
        }
        if (wrote) {
            ctx.flush();
        }
        if (wasFull && !closed && !fileFull()) {
            deadlines.upstreamHeld(false);
            drained.run();
        }
    }
}
