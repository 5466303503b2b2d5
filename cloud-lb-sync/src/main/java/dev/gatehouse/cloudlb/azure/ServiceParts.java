package dev.gatehouse.cloudlb.azure;

import com.azure.core.management.SubResource;
import com.azure.resourcemanager.network.fluent.models.BackendAddressPoolInner;
import com.azure.resourcemanager.network.fluent.models.FrontendIpConfigurationInner;
import com.azure.resourcemanager.network.fluent.models.LoadBalancerInner;
import com.azure.resourcemanager.network.fluent.models.LoadBalancingRuleInner;
import com.azure.resourcemanager.network.fluent.models.ProbeInner;
import com.azure.resourcemanager.network.models.LoadBalancerBackendAddress;
import com.azure.resourcemanager.network.models.LoadDistribution;
import com.azure.resourcemanager.network.models.ProbeProtocol;
import com.azure.resourcemanager.network.models.TransportProtocol;
import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.ServicePort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The parts one Service wants on a shared load balancer, and the edit that gives them to a load balancer
 * as read: parts named with the Service's prefix are added, replaced when they differ, or removed when no
 * longer wanted; every other part is kept exactly as read.
 *
 * <p>Per port, a rule forwards the Service port to the NodePort, probed by TCP on the NodePort, or for
 * {@code externalTrafficPolicy: Local} by HTTP {@code /healthz} on the health-check NodePort. UDP ports
 * under the cluster policy get no probe: nothing answers TCP on a UDP NodePort, and a rule without a
 * probe treats every backend as up.
 *
 * <p>Rules send to the cluster's pool {@code <cluster>}, which this edit sets to the request's nodes. A
 * Service with {@code externalTrafficPolicy: Local} is given only the nodes that run its endpoints, which
 * must not shrink the pool every other Service shares, so its rules send to a pool of its own,
 * {@code a<uid>}, holding exactly those nodes.
 */
final class ServiceParts {

    static final int PROBE_INTERVAL_SECONDS = 5;
    static final int PROBE_COUNT = 2;
    static final int IDLE_TIMEOUT_MINUTES = 4;
    static final String HEALTH_PATH = "/healthz";

    private final ServiceNames names;
    private final List<FrontendIpConfigurationInner> frontends;
    private final List<ProbeInner> probes;
    private final List<LoadBalancingRuleInner> rules;
    private final List<BackendAddressPoolInner> ownPools;
    private final Optional<List<LoadBalancerBackendAddress>> clusterPoolAddresses;

    private ServiceParts(ServiceNames names, List<FrontendIpConfigurationInner> frontends, List<ProbeInner> probes,
                         List<LoadBalancingRuleInner> rules, List<BackendAddressPoolInner> ownPools,
                         Optional<List<LoadBalancerBackendAddress>> clusterPoolAddresses) {
        this.names = names;
        this.frontends = frontends;
        this.probes = probes;
        this.rules = rules;
        this.ownPools = ownPools;
        this.clusterPoolAddresses = clusterPoolAddresses;
    }

    /** Everything the request asks for on the load balancer {@code loadBalancerId}. */
    static ServiceParts wanted(ServiceNames names, LoadBalancerRequest request, String loadBalancerId,
                               FrontendTarget target, String virtualNetworkId) {
        List<LoadBalancerBackendAddress> nodes = request.nodes().stream()
                .filter(node -> node.internalIp() != null && !node.internalIp().isBlank())
                .map(node -> BackendAddresses.of(node.name(), node.internalIp(), virtualNetworkId))
                .toList();
        boolean local = request.localTrafficPolicy();
        String poolName = local ? names.ownPool() : names.clusterPool();
        String poolId = ResourceIds.backendPool(loadBalancerId, poolName);
        String frontendId = ResourceIds.frontend(loadBalancerId, names.frontend());
        List<ProbeInner> probes = new ArrayList<>();
        List<LoadBalancingRuleInner> rules = new ArrayList<>();
        for (ServicePort port : request.ports()) {
            String name = names.port(port);
            Optional<ProbeInner> probe = probe(name, port, request);
            probe.ifPresent(probes::add);
            rules.add(rule(name, port, frontendId, poolId,
                    probe.map(p -> ResourceIds.probe(loadBalancerId, name))));
        }
        List<BackendAddressPoolInner> ownPools = local
                ? List.of(new BackendAddressPoolInner().withName(poolName).withLoadBalancerBackendAddresses(nodes))
                : List.of();
        return new ServiceParts(names, List.of(target.toFrontend(names.frontend())), probes, rules, ownPools,
                local ? Optional.empty() : Optional.of(nodes));
    }

    /** Nothing: applied, it removes the Service's parts and leaves the cluster's pool as it is. */
    static ServiceParts none(ServiceNames names) {
        return new ServiceParts(names, List.of(), List.of(), List.of(), List.of(), Optional.empty());
    }

    static TransportProtocol transport(ServicePort port) {
        return switch (port.protocol().toUpperCase(Locale.ROOT)) {
            case "TCP" -> TransportProtocol.TCP;
            case "UDP" -> TransportProtocol.UDP;
            default -> throw new IllegalArgumentException("port " + port.port() + "/" + port.protocol()
                    + ": Azure load balancers forward TCP and UDP only");
        };
    }

    private static Optional<ProbeInner> probe(String name, ServicePort port, LoadBalancerRequest request) {
        ProbeInner probe = new ProbeInner().withName(name)
                .withIntervalInSeconds(PROBE_INTERVAL_SECONDS).withNumberOfProbes(PROBE_COUNT);
        if (request.localTrafficPolicy()) {
            return Optional.of(probe.withProtocol(ProbeProtocol.HTTP).withPort(request.healthCheckNodePort())
                    .withRequestPath(HEALTH_PATH));
        }
        if (transport(port) == TransportProtocol.UDP) {
            return Optional.empty();
        }
        return Optional.of(probe.withProtocol(ProbeProtocol.TCP).withPort(port.nodePort()));
    }

    private static LoadBalancingRuleInner rule(String name, ServicePort port, String frontendId, String poolId,
                                               Optional<String> probeId) {
        TransportProtocol protocol = transport(port);
        return new LoadBalancingRuleInner().withName(name)
                .withProtocol(protocol)
                .withFrontendPort(port.port())
                .withBackendPort(port.nodePort())
                .withFrontendIpConfiguration(new SubResource().withId(frontendId))
                .withBackendAddressPool(new SubResource().withId(poolId))
                .withProbe(probeId.map(id -> new SubResource().withId(id)).orElse(null))
                .withEnableFloatingIp(false)
                .withIdleTimeoutInMinutes(IDLE_TIMEOUT_MINUTES)
                .withEnableTcpReset(protocol == TransportProtocol.TCP ? Boolean.TRUE : null)
                .withLoadDistribution(LoadDistribution.DEFAULT)
                .withDisableOutboundSnat(false);
    }

    /** The cluster's pool of all nodes, as a load balancer starts with it. */
    static BackendAddressPoolInner clusterPool(ServiceNames names) {
        return new BackendAddressPoolInner().withName(names.clusterPool()).withLoadBalancerBackendAddresses(List.of());
    }

    /** Gives the Service's parts to {@code loadBalancer}; returns whether anything changed. */
    boolean applyTo(LoadBalancerInner loadBalancer) {
        boolean changed = false;
        List<FrontendIpConfigurationInner> newFrontends = merge(loadBalancer.frontendIpConfigurations(), frontends,
                FrontendIpConfigurationInner::name, ServiceParts::sameFrontend);
        if (newFrontends != null) {
            loadBalancer.withFrontendIpConfigurations(newFrontends);
            changed = true;
        }
        List<ProbeInner> newProbes = merge(loadBalancer.probes(), probes, ProbeInner::name, ServiceParts::sameProbe);
        if (newProbes != null) {
            loadBalancer.withProbes(newProbes);
            changed = true;
        }
        List<LoadBalancingRuleInner> newRules = merge(loadBalancer.loadBalancingRules(), rules,
                LoadBalancingRuleInner::name, ServiceParts::sameRule);
        if (newRules != null) {
            loadBalancer.withLoadBalancingRules(newRules);
            changed = true;
        }
        List<BackendAddressPoolInner> newPools = merge(loadBalancer.backendAddressPools(), ownPools,
                BackendAddressPoolInner::name, ServiceParts::samePool);
        if (newPools != null) {
            loadBalancer.withBackendAddressPools(newPools);
            changed = true;
        }
        if (clusterPoolAddresses.isPresent()) {
            changed |= applyClusterPool(loadBalancer, clusterPoolAddresses.get());
        }
        return changed;
    }

    private boolean applyClusterPool(LoadBalancerInner loadBalancer, List<LoadBalancerBackendAddress> wanted) {
        List<BackendAddressPoolInner> pools = new ArrayList<>(orEmpty(loadBalancer.backendAddressPools()));
        for (BackendAddressPoolInner pool : pools) {
            if (names.clusterPool().equalsIgnoreCase(pool.name())) {
                if (BackendAddresses.sameSet(pool.loadBalancerBackendAddresses(), wanted)) {
                    return false;
                }
                pool.withLoadBalancerBackendAddresses(wanted);
                return true;
            }
        }
        pools.add(clusterPool(names).withLoadBalancerBackendAddresses(wanted));
        loadBalancer.withBackendAddressPools(pools);
        return true;
    }

    /**
     * The parts of {@code current} as they should be, or {@code null} when they already are. Parts that
     * are not the Service's keep their place and their content.
     */
    private <T> List<T> merge(List<T> current, List<T> wanted, Function<T, String> name, BiPredicate<T, T> same) {
        Map<String, T> wantedByName = new HashMap<>();
        wanted.forEach(part -> wantedByName.put(lower(name.apply(part)), part));
        List<T> merged = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        boolean changed = false;
        for (T part : orEmpty(current)) {
            String partName = lower(name.apply(part));
            if (!names.owns(partName)) {
                merged.add(part);
                continue;
            }
            T want = wantedByName.get(partName);
            if (want == null || !placed.add(partName)) {
                changed = true;
            } else if (same.test(part, want)) {
                merged.add(part);
            } else {
                merged.add(want);
                changed = true;
            }
        }
        for (T want : wanted) {
            if (placed.add(lower(name.apply(want)))) {
                merged.add(want);
                changed = true;
            }
        }
        return changed ? merged : null;
    }

    private static boolean sameFrontend(FrontendIpConfigurationInner current, FrontendIpConfigurationInner wanted) {
        FrontendTarget target = wanted.publicIpAddress() != null
                ? FrontendTarget.publicIp(wanted.publicIpAddress().id())
                : FrontendTarget.subnet(wanted.subnet().id(), Optional.ofNullable(wanted.privateIpAddress()));
        return target.matches(current);
    }

    private static boolean sameProbe(ProbeInner current, ProbeInner wanted) {
        return sameText(current.protocol(), wanted.protocol())
                && Objects.equals(current.port(), wanted.port())
                && Objects.equals(emptyToNull(current.requestPath()), wanted.requestPath())
                && Objects.equals(current.intervalInSeconds(), wanted.intervalInSeconds())
                && Objects.equals(current.numberOfProbes(), wanted.numberOfProbes());
    }

    private static boolean sameRule(LoadBalancingRuleInner current, LoadBalancingRuleInner wanted) {
        return sameText(current.protocol(), wanted.protocol())
                && Objects.equals(current.frontendPort(), wanted.frontendPort())
                && Objects.equals(current.backendPort(), wanted.backendPort())
                && sameId(current.frontendIpConfiguration(), wanted.frontendIpConfiguration())
                && sameId(current.backendAddressPool(), wanted.backendAddressPool())
                && sameId(current.probe(), wanted.probe())
                && Boolean.TRUE.equals(current.enableFloatingIp()) == Boolean.TRUE.equals(wanted.enableFloatingIp())
                && Objects.equals(current.idleTimeoutInMinutes(), wanted.idleTimeoutInMinutes())
                && Boolean.TRUE.equals(current.enableTcpReset()) == Boolean.TRUE.equals(wanted.enableTcpReset())
                && sameText(current.loadDistribution(), wanted.loadDistribution())
                && Boolean.TRUE.equals(current.disableOutboundSnat()) == Boolean.TRUE.equals(wanted.disableOutboundSnat());
    }

    private static boolean samePool(BackendAddressPoolInner current, BackendAddressPoolInner wanted) {
        return BackendAddresses.sameSet(current.loadBalancerBackendAddresses(), wanted.loadBalancerBackendAddresses());
    }

    private static boolean sameId(SubResource current, SubResource wanted) {
        String currentId = current == null ? null : current.id();
        String wantedId = wanted == null ? null : wanted.id();
        return currentId == null ? wantedId == null : ResourceIds.same(currentId, wantedId);
    }

    /** Azure's enum-like strings come back in its own case ({@code Tcp}, {@code Default}). */
    private static boolean sameText(Object current, Object wanted) {
        return current == null ? wanted == null : wanted != null && current.toString().equalsIgnoreCase(wanted.toString());
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static String lower(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Whether {@code loadBalancer} holds nothing but the cluster's pool: nothing would be lost deleting it. */
    static boolean isEmpty(LoadBalancerInner loadBalancer, ServiceNames names) {
        return orEmpty(loadBalancer.frontendIpConfigurations()).isEmpty()
                && orEmpty(loadBalancer.loadBalancingRules()).isEmpty()
                && orEmpty(loadBalancer.probes()).isEmpty()
                && orEmpty(loadBalancer.inboundNatRules()).isEmpty()
                && orEmpty(loadBalancer.inboundNatPools()).isEmpty()
                && orEmpty(loadBalancer.outboundRules()).isEmpty()
                && orEmpty(loadBalancer.backendAddressPools()).stream()
                        .allMatch(pool -> names.clusterPool().equalsIgnoreCase(pool.name()));
    }
}
