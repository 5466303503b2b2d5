package dev.gatehouse.proxy.downstream;

import dev.gatehouse.proxy.filter.RequestFilter;
import dev.gatehouse.proxy.filter.Verdict;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs a request through its route's filters, in order, each of which passes it, answers it or suspends it. While a
 * filter's verdict is computed elsewhere (a password, an external auth subrequest) the connection stops reading, and
 * what arrives waits with the pipelined requests; the request goes on, on its event loop, with the verdict.
 */
final class FilterRun {

    private final ChannelHandlerContext ctx;
    private final HeldInbound inbound;
    private final Checked owner;

    FilterRun(ChannelHandlerContext ctx, HeldInbound inbound, Checked owner) {
        this.ctx = ctx;
        this.inbound = inbound;
        this.owner = owner;
    }

    /** Runs the route's filters from the {@code from}th on. */
    void run(Forwarding forwarding, int from) {
        RequestFilter[] chain = forwarding.chain();
        for (int i = from; i < chain.length; i++) {
            Verdict verdict = chain[i].check(forwarding);
            if (verdict.pending() != null) {
                suspend(forwarding, i + 1, verdict.pending());
                return;
            }
            if (verdict.answer() != null) {
                owner.answered(forwarding, verdict.answer());
                return;
            }
        }
        owner.passed(forwarding);
    }

    private void suspend(Forwarding forwarding, int next, CompletableFuture<Verdict> pending) {
        inbound.verifying(true);
        inbound.updateReading();
        EventExecutor loop = ctx.executor();
        // whenComplete, not thenAccept: a check that fails must still answer the request and let the connection read again
        pending.whenComplete((verdict, failure) -> {
            Verdict decided = failure == null ? verdict : Verdict.answer(500, "the request could not be checked");
            try {
                loop.execute(() -> resume(forwarding, next, decided));
            } catch (RejectedExecutionException shutDown) {
                ReferenceCountUtil.release(forwarding.request());
            }
        });
    }

    private void resume(Forwarding forwarding, int next, Verdict verdict) {
        inbound.verifying(false);
        if (inbound.closing() || !ctx.channel().isActive()) {
            // the client left while its request was checked; what it had sent is already released
            ReferenceCountUtil.release(forwarding.request());
            return;
        }
        if (verdict.answer() != null) {
            owner.answered(forwarding, verdict.answer());
        } else {
            run(forwarding, next);
        }
        owner.resumed();
    }
}
