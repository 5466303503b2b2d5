package dev.gatehouse.dns.source;

import dev.gatehouse.dns.Desired;
import dev.gatehouse.dns.DnsNames;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.RecordType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The records the cluster wants, from the objects only (no clients, no clock): sorted, so equal inputs
 * give equal outputs and an unchanged cluster plans nothing.
 */
public final class DesiredRecords {

    public static final String HOSTNAME = SourceAnnotations.HOSTNAME;
    public static final String TTL = SourceAnnotations.TTL;
    public static final String TARGET = SourceAnnotations.TARGET;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /** The records and what could not be used. */
    public record Result(List<Desired> desired, List<SourceProblem> problems) {
    }

    private DesiredRecords() {
    }

    /**
     * @param ingresses  the Ingresses this instance serves (already filtered by class)
     * @param services   every Service in view
     * @param labelHosts the hosts the router serves for Services by marathon-lb's {@code HAPROXY_{n}_VHOST}, by
     *                   {@code namespace/name}: what the label translator routed, so DNS follows the same group,
     *                   spellings and checks
     */
    public static Result from(List<Ingress> ingresses, List<Service> services, Map<String, List<String>> labelHosts,
                              SourceSettings settings) {
        return from(ingresses, services, labelHosts, GatewaySources.NONE, settings);
    }

    /**
     * As {@link #from(List, List, Map, SourceSettings)}, with the hostnames of the Gateway API routes our Gateways accepted
     * ({@link GatewayHostnames}).
     */
    public static Result from(List<Ingress> ingresses, List<Service> services, Map<String, List<String>> labelHosts,
                              GatewaySources gateway, SourceSettings settings) {
        List<Desired> desired = new ArrayList<>();
        List<SourceProblem> problems = new ArrayList<>();
        for (Ingress ingress : ingresses) {
            Set<String> hosts = new LinkedHashSet<>();
            if (ingress.getSpec() != null) {
                for (IngressRule rule : list(ingress.getSpec().getRules())) {
                    if (rule.getHost() != null) {
                        hosts.add(rule.getHost());
                    }
                }
                for (IngressTLS tls : list(ingress.getSpec().getTls())) {
                    list(tls.getHosts()).stream().filter(java.util.Objects::nonNull).forEach(hosts::add);
                }
            }
            hosts.addAll(SourceAnnotations.hosts(ingress));
            List<String> targets = new ArrayList<>();
            if (ingress.getStatus() != null && ingress.getStatus().getLoadBalancer() != null) {
                for (IngressLoadBalancerIngress lb : list(ingress.getStatus().getLoadBalancer().getIngress())) {
                    addTarget(targets, lb.getIp(), lb.getHostname());
                }
            }
            if (targets.isEmpty() && settings.statuslessUseEdge()) {
                targets.addAll(settings.edgeTargets());
            }
            publish(ingress, "ingress", hosts, targets, settings.defaultTtl(), desired, problems);
        }
        for (Service service : services) {
            boolean loadBalancer = service.getSpec() != null && "LoadBalancer".equals(service.getSpec().getType());
            Set<String> annotated = SourceAnnotations.hosts(service);
            if (loadBalancer && !annotated.isEmpty()) {
                List<String> targets = new ArrayList<>();
                if (service.getStatus() != null && service.getStatus().getLoadBalancer() != null) {
                    for (LoadBalancerIngress lb : list(service.getStatus().getLoadBalancer().getIngress())) {
                        addTarget(targets, lb.getIp(), lb.getHostname());
                    }
                }
                publish(service, "service", annotated, targets, settings.defaultTtl(), desired, problems);
            }
            String namespace = service.getMetadata().getNamespace() == null ? "default" : service.getMetadata().getNamespace();
            List<String> vhosts = labelHosts.getOrDefault(namespace + "/"
                    + service.getMetadata().getName(), List.of());
            if (!vhosts.isEmpty()) {
                publish(service, "service", new LinkedHashSet<>(vhosts), settings.edgeTargets(), settings.defaultTtl(), desired,
                        problems);
            }
        }
        GatewayHostnames.publish(gateway, settings, problems, (route, hosts, targets, ttl) ->
                publish(route, route.getKind().toLowerCase(Locale.ROOT), hosts, targets, ttl, desired, problems));
        desired.sort((a, b) -> {
            int byKey = a.record().key().compareTo(b.record().key());
            return byKey != 0 ? byKey : a.resource().compareTo(b.resource());
        });
        return new Result(List.copyOf(desired), problems.stream().distinct().toList());
    }

    private static void publish(HasMetadata object, String kind, Set<String> hosts, List<String> statusTargets,
                                long defaultTtl, List<Desired> desired, List<SourceProblem> problems) {
        String resource = kind + "/" + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
        List<String> targets = SourceAnnotations.targets(object).orElse(statusTargets);
        long ttl = SourceAnnotations.ttl(object, defaultTtl, problems);
        if (targets.isEmpty()) {
            return;
        }
        TreeSet<String> v4 = new TreeSet<>();
        TreeSet<String> v6 = new TreeSet<>();
        TreeSet<String> names = new TreeSet<>();
        for (String target : targets) {
            if (DnsNames.isIpv4(target)) {
                v4.add(target);
            } else if (target.indexOf(':') >= 0) {
                v6.add(target);
            } else if (validHost(target, false)) {
                names.add(DnsNames.canonical(target));
            } else {
                problems.add(SourceAnnotations.problem(object, "target \"" + target + "\" is neither an IP address nor a hostname"));
            }
        }
        if (!names.isEmpty() && !(v4.isEmpty() && v6.isEmpty())) {
            problems.add(SourceAnnotations.problem(object, "targets " + targets + " mix addresses and hostnames; a name cannot be a "
                    + "CNAME and hold addresses, so only the addresses are published"));
            names.clear();
        } else if (names.size() > 1) {
            problems.add(SourceAnnotations.problem(object, "targets " + names + " are several hostnames; a CNAME holds one, so only "
                    + names.first() + " is published"));
        }
        for (String host : new TreeSet<>(hosts)) {
            if (host == null || host.isBlank()) {
                continue;
            }
            if (!validHost(host, true)) {
                problems.add(SourceAnnotations.problem(object, "host \"" + host + "\" is not a valid DNS name (expected labels of "
                        + "letters, digits and hyphens, with an optional leading \"*.\")"));
                continue;
            }
            if (!v4.isEmpty()) {
                desired.add(new Desired(new DnsRecord(host, RecordType.A, ttl, List.copyOf(v4), false), resource));
            }
            if (!v6.isEmpty()) {
                desired.add(new Desired(new DnsRecord(host, RecordType.AAAA, ttl, List.copyOf(v6), false), resource));
            }
            if (!names.isEmpty()) {
                desired.add(new Desired(DnsRecord.of(host, RecordType.CNAME, ttl, names.first()), resource));
            }
        }
    }

    static void addTarget(List<String> targets, String ip, String hostname) {
        if (ip != null && !ip.isBlank()) {
            targets.add(ip.trim());
        } else if (hostname != null && !hostname.isBlank()) {
            targets.add(hostname.trim());
        }
    }

    static boolean validHost(String host, boolean wildcardAllowed) {
        String name = DnsNames.canonical(host);
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            boolean wildcard = i == 0 && wildcardAllowed && labels[i].equals("*") && labels.length > 2;
            if (!wildcard && !LABEL.matcher(labels[i]).matches()) {
                return false;
            }
        }
        return labels.length >= 2;
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
