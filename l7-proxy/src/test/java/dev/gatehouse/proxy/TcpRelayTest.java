package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.proxy.observe.TcpStats;
import dev.gatehouse.proxy.tcp.TcpRelay;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpRelayTest {

    private final TcpStats stats = new ProxyMetrics(new PrometheusRegistry()).tcp("test");
    private final EmbeddedChannel downstream = new EmbeddedChannel();
    private final EmbeddedChannel upstream = new EmbeddedChannel();

    TcpRelayTest() {
        TcpRelay.splice(downstream, upstream, stats);
    }

    @AfterEach
    void finish() {
        downstream.finishAndReleaseAll();
        upstream.finishAndReleaseAll();
    }

    @Test
    void bytes_read_on_either_side_are_written_to_the_other_and_counted_by_direction() {
        downstream.writeInbound(bytes("query"));
        upstream.writeInbound(bytes("answer!"));

        assertThat(text(upstream.readOutbound())).isEqualTo("query");
        assertThat(text(downstream.readOutbound())).isEqualTo("answer!");
        assertThat(stats.received().get()).isEqualTo(5);
        assertThat(stats.sent().get()).isEqualTo(7);
    }

    @Test
    void a_side_is_not_read_while_the_other_cannot_take_more_and_is_read_again_once_it_can() {
        upstream.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        upstream.runPendingTasks();

        assertThat(downstream.config().isAutoRead()).isFalse();

        upstream.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        upstream.runPendingTasks();

        assertThat(downstream.config().isAutoRead()).isTrue();
    }

    @Test
    void reading_stops_after_writing_to_a_side_that_cannot_take_more() {
        upstream.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        downstream.config().setAutoRead(true);

        downstream.writeInbound(bytes("big"));

        assertThat(downstream.config().isAutoRead()).isFalse();
        assertThat(text(upstream.readOutbound())).isEqualTo("big");
    }

    @Test
    void when_one_side_closes_the_other_closes_after_what_it_was_sent() {
        downstream.writeInbound(bytes("bye"));
        downstream.close();

        assertThat(upstream.isActive()).isFalse();
        assertThat(text(upstream.readOutbound())).isEqualTo("bye");
    }

    @Test
    void a_connection_idle_both_ways_closes_both_sides() {
        downstream.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);

        assertThat(downstream.isActive()).isFalse();
        assertThat(upstream.isActive()).isFalse();
    }

    @Test
    void bytes_that_arrive_once_the_other_side_is_gone_are_released() {
        upstream.close();
        ByteBuf late = bytes("late");
        EmbeddedChannel orphan = new EmbeddedChannel(new TcpRelay(upstream, stats.received()));

        orphan.writeInbound(late);

        assertThat(late.refCnt()).isZero();
        assertThat(stats.received().get()).isZero();
        orphan.finishAndReleaseAll();
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    private static String text(ByteBuf buffer) {
        try {
            return buffer.toString(StandardCharsets.US_ASCII);
        } finally {
            buffer.release();
        }
    }
}
