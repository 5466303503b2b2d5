package dev.gatehouse.proxy.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;

/** Binding a listening port, with an error that names what could not be bound and where. */
public final class PortBinding {

    private PortBinding() {
    }

    /** Binds {@code address}:{@code port}; {@code what} names the listener in the error when that fails. */
    public static Channel bind(ServerBootstrap bootstrap, String address, int port, String what) {
        try {
            return bootstrap.bind(address, port).syncUninterruptibly().channel();
        } catch (Exception e) {
            throw new IllegalStateException(what + ": cannot bind " + address + ":" + port + " (" + e.getMessage()
                    + "; expected a free port)", e);
        }
    }
}
