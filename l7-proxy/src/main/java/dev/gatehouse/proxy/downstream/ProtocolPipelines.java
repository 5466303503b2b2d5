package dev.gatehouse.proxy.downstream;

import io.netty.channel.ChannelPipeline;

/** The handlers {@link ProtocolDetector} installs once it knows which protocol a client speaks. */
interface ProtocolPipelines {

    /** HTTP/1.x after the handler named {@code after}. */
    void http1(ChannelPipeline pipeline, String after);

    /** HTTP/2 with prior knowledge after the handler named {@code after}. */
    void http2(ChannelPipeline pipeline, String after);
}
