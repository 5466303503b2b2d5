package dev.gatehouse.proxy.filter;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.memcache.binary.BinaryMemcacheOpcodes;
import io.netty.handler.codec.memcache.binary.BinaryMemcacheResponseStatus;
import io.netty.handler.codec.memcache.binary.DefaultFullBinaryMemcacheRequest;
import io.netty.handler.codec.memcache.binary.FullBinaryMemcacheResponse;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One connection to memcached on one event loop, which pipelines that loop's counter commands: memcached answers a
 * connection's commands in the order they came, so each answer belongs to the oldest command waiting. Everything happens
 * on the connection's event loop. A command that is not answered within the timeout breaks the connection, as
 * lua-resty-memcached closes a socket that timed out: every command waiting fails, and the next one opens a new
 * connection. At most {@value #MAX_WAITING} commands wait; more fail at once rather than queue behind a slow server.
 */
final class MemcachedConnection extends SimpleChannelInboundHandler<FullBinaryMemcacheResponse> {

    static final int MAX_WAITING = 1024;
    /** memcached reads an expiry of more than 30 days as a point in time (seconds since the epoch), not a duration. */
    private static final long LONGEST_RELATIVE_EXPIRY = 30L * 24 * 3600;
    /** The expiry that tells memcached's increment and decrement not to create a missing counter. */
    private static final long NEVER_CREATE = 0xffffffffL;
    /** A counter's text, short enough to be a long. */
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,18}");

    private final ArrayDeque<Command> waiting = new ArrayDeque<>();
    private final long timeoutNanos;
    private final String server;
    private Channel channel;
    private ChannelFuture connected;
    private ScheduledFuture<?> timer;
    private boolean broken;

    private record Command(CompletableFuture<Long> answer, long deadline) {
    }

    /** @param server the server's host and port, for failures */
    MemcachedConnection(long timeoutNanos, String server) {
        this.timeoutNanos = timeoutNanos;
        this.server = server;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    /** Starts with {@code connecting}, the connect of the channel this handler is in. */
    void connecting(ChannelFuture connecting) {
        this.channel = connecting.channel();
        this.connected = connecting;
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                fail(unreachable(done.cause()));
            }
        });
    }

    private CounterFailure unreachable(Throwable cause) {
        // a server that does not accept within the timeout is slow rather than gone, as for an answer
        return new CounterFailure(cause instanceof ConnectTimeoutException ? CounterFailure.TIMEOUT : CounterFailure.UNREACHABLE,
                server + ": " + cause);
    }

    /** Whether commands may still be sent: false once it failed or closed. */
    boolean usable() {
        return !broken && channel.isOpen();
    }

    /**
     * Adds one to the counter {@code key} (ASCII), which memcached creates at 1 when it is missing, to expire
     * {@code expirySeconds} later, and reads counter {@code previousKey}: both commands leave in one write, so they cost
     * one round trip. The increment is ingress-nginx's increment-or-add in one command of the binary protocol, so that
     * no two replicas can both create the counter.
     *
     * @return the count after the increment and the other counter's (0 when missing); failed with a {@link CounterFailure}
     */
    CompletableFuture<WindowCounts> incrementAndGet(String key, long expirySeconds, long nowSeconds, String previousKey) {
        long expiry = expirySeconds <= LONGEST_RELATIVE_EXPIRY ? expirySeconds : nowSeconds + expirySeconds;
        CompletableFuture<Long> current = new CompletableFuture<>();
        CompletableFuture<Long> previous = new CompletableFuture<>();
        submit(() -> {
            write(arithmetic(BinaryMemcacheOpcodes.INCREMENT, key, expiry), current);
            write(get(previousKey), previous);
        }, current, previous);
        return current.thenCombine(previous, WindowCounts::new);
    }

    /**
     * Takes one off the counter {@code key}, never creating it, without waiting for the answer: a refused request is
     * not counted, as lua-resty-global-throttle does not count it. Skipped when the connection cannot take it.
     */
    void decrement(String key) {
        submit(() -> write(arithmetic(BinaryMemcacheOpcodes.DECREMENT, key, NEVER_CREATE), new CompletableFuture<>()));
    }

    /** Runs {@code writes} once the connection is up, then flushes; fails {@code answers} when it cannot. */
    private void submit(Runnable writes, CompletableFuture<?>... answers) {
        if (broken) {
            failAll(new CounterFailure(CounterFailure.UNREACHABLE, server + ": the connection is closed"), answers);
            return;
        }
        if (waiting.size() >= MAX_WAITING) {
            failAll(new CounterFailure(CounterFailure.BUSY, server + ": " + MAX_WAITING + " commands wait already"), answers);
            return;
        }
        if (connected.isDone()) {
            send(writes, answers);
        } else {
            connected.addListener(done -> {
                if (done.isSuccess()) {
                    send(writes, answers);
                } else {
                    failAll(unreachable(done.cause()), answers);
                }
            });
        }
    }

    private static void failAll(CounterFailure failure, CompletableFuture<?>... answers) {
        for (CompletableFuture<?> answer : answers) {
            answer.completeExceptionally(failure);
        }
    }

    private void send(Runnable writes, CompletableFuture<?>... answers) {
        if (broken) {
            failAll(new CounterFailure(CounterFailure.UNREACHABLE, server + ": the connection is closed"), answers);
            return;
        }
        writes.run();
        if (timer == null) {
            arm(timeoutNanos);
        }
        channel.flush();
    }

    private void write(DefaultFullBinaryMemcacheRequest request, CompletableFuture<Long> answer) {
        waiting.add(new Command(answer, System.nanoTime() + timeoutNanos));
        channel.write(request, channel.voidPromise());
    }

    /** An increment or decrement by one; {@code expiry} {@value #NEVER_CREATE} leaves a missing counter missing. */
    private DefaultFullBinaryMemcacheRequest arithmetic(byte opcode, String key, long expiry) {
        ByteBuf keyBytes = keyBytes(key);
        ByteBuf extras = channel.alloc().buffer(20).writeLong(1).writeLong(1).writeInt((int) expiry);
        DefaultFullBinaryMemcacheRequest request = new DefaultFullBinaryMemcacheRequest(keyBytes, extras);
        request.setOpcode(opcode);
        request.setTotalBodyLength(keyBytes.readableBytes() + extras.readableBytes());
        return request;
    }

    private DefaultFullBinaryMemcacheRequest get(String key) {
        ByteBuf keyBytes = keyBytes(key);
        DefaultFullBinaryMemcacheRequest request = new DefaultFullBinaryMemcacheRequest(keyBytes, null);
        request.setOpcode(BinaryMemcacheOpcodes.GET);
        request.setTotalBodyLength(keyBytes.readableBytes());
        return request;
    }

    private ByteBuf keyBytes(String key) {
        return channel.alloc().buffer(key.length()).writeBytes(key.getBytes(StandardCharsets.US_ASCII));
    }

    private void arm(long delayNanos) {
        timer = channel.eventLoop().schedule(this::expire, Math.max(delayNanos, 0), TimeUnit.NANOSECONDS);
    }

    /** The oldest command's deadline passed: the server is too slow, so the connection is given up. */
    private void expire() {
        timer = null;
        Command oldest = waiting.peek();
        if (oldest == null || broken) {
            return;
        }
        long left = oldest.deadline() - System.nanoTime();
        if (left > 0) {
            arm(left);
            return;
        }
        fail(new CounterFailure(CounterFailure.TIMEOUT, server + ": no answer within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                + " ms"));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullBinaryMemcacheResponse response) {
        Command command = waiting.poll();
        if (command == null) {
            fail(new CounterFailure(CounterFailure.ANSWER, server + ": an answer to no command"));
            return;
        }
        Long value = value(response);
        if (value != null) {
            command.answer().complete(value);
        } else {
            command.answer().completeExceptionally(new CounterFailure(CounterFailure.ANSWER, server + ": status 0x"
                    + Integer.toHexString(response.status() & 0xffff) + " to opcode 0x" + Integer.toHexString(response.opcode() & 0xff)));
        }
    }

    /**
     * An increment's or decrement's new value (8 bytes), or a read counter's: memcached keeps counters as decimal text,
     * space-padded after a decrement shortened it, and a missing one counts 0. Null for any other answer.
     */
    private static Long value(FullBinaryMemcacheResponse response) {
        ByteBuf content = response.content();
        if (response.opcode() == BinaryMemcacheOpcodes.GET) {
            if (response.status() == BinaryMemcacheResponseStatus.KEY_ENOENT) {
                return 0L;
            }
            if (response.status() != BinaryMemcacheResponseStatus.SUCCESS) {
                return null;
            }
            String text = content.toString(StandardCharsets.US_ASCII).strip();
            return DECIMAL.matcher(text).matches() ? Long.valueOf(text) : null;
        }
        if (response.status() == BinaryMemcacheResponseStatus.SUCCESS && content.readableBytes() == Long.BYTES) {
            return content.getLong(content.readerIndex());
        }
        return null;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && waiting.isEmpty()) {
            // max-idle-timeout: nothing asked for that long
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(new CounterFailure(CounterFailure.UNREACHABLE, server + ": the connection closed"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(new CounterFailure(CounterFailure.UNREACHABLE, server + ": " + cause));
    }

    /** Fails every command waiting and closes the connection; answers that come later cannot be matched any more. */
    private void fail(CounterFailure failure) {
        broken = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        Command command;
        while ((command = waiting.poll()) != null) {
            command.answer().completeExceptionally(failure);
        }
        if (channel != null) {
            channel.close();
        }
    }
}
