package dev.gatehouse.proxy.balance;

import dev.gatehouse.proxy.net.Transport;
import dev.gatehouse.proxy.tls.UpstreamTlsContexts;
import dev.gatehouse.routing.HealthCheck;
import dev.gatehouse.routing.UpstreamProtocol;
import dev.gatehouse.routing.UpstreamTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.resolver.AddressResolverGroup;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the active health checks the live routing asks for, on an event loop of their own: a probe per
 * (cluster, endpoint, health port, check), kept across snapshot swaps as long as the four stay the same.
 */
public final class ActiveHealthChecks implements AutoCloseable {

    private final EventLoopGroup loop;
    private final Bootstrap bootstrap;
    private final Map<String, HealthProbe> probes = new HashMap<>();

    private final UpstreamTlsContexts tlsContexts;
    private final Counter connectionFailures;

    public ActiveHealthChecks(Transport transport, AddressResolverGroup<?> resolver, UpstreamTlsContexts tlsContexts,
                       Counter connectionFailures) {
        this.tlsContexts = tlsContexts;
        this.connectionFailures = connectionFailures;
        this.loop = transport.newGroup(1, "gatehouse-health");
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .resolver(resolver)
                .option(ChannelOption.TCP_NODELAY, true);
    }

    /** Starts the probes the live routing's {@code clusters} need and stops the others. Called with each applied snapshot. */
    public synchronized void update(Collection<ClusterRuntime> clusters) {
        Set<String> wanted = new HashSet<>();
        for (ClusterRuntime cluster : clusters) {
            HealthCheck check = cluster.policy().healthCheck();
            if (check == null) {
                continue;
            }
            Member[] members = cluster.members();
            for (int i = 0; i < members.length; i++) {
                Member member = members[i];
                // members are built in the order of the cluster's endpoints
                int healthPort = cluster.cluster().endpoints().get(i).healthPort();
                String key = cluster.name() + "|" + member.endpoint() + "|" + healthPort + "|" + check + "|" + cluster.policy().tls();
                wanted.add(key);
                probes.computeIfAbsent(key, k -> {
                    UpstreamTls tls = check.tcp() ? null : cluster.policy().tls();
                    HealthProbe probe = new HealthProbe(bootstrap, cluster.name(), member.endpoint(), healthPort, member.health(),
                            check, connectionFailures, tls == null ? null : channel -> tlsContexts.newHandler(channel.alloc(), tls,
                                    UpstreamProtocol.HTTP1, member.endpoint().socketAddress().getHostString(), healthPort));
                    probe.start();
                    return probe;
                });
            }
        }
        probes.entrySet().removeIf(entry -> {
            if (wanted.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().stop();
            return true;
        });
    }

    @Override
    public synchronized void close() {
        probes.values().forEach(HealthProbe::stop);
        probes.clear();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
