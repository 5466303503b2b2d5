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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The records the cluster wants, from the objects only (no clients, no clock): sorted, so equal inputs
 * give equal outputs and an unchanged cluster plans nothing.
 */
public final class DesiredRecords {

    public static final String HOSTNAME = "gatehouse.dev/hostname";
    public static final String TTL = "gatehouse.dev/ttl";
    public static final String TARGET = "gatehouse.dev/target";
    static final String EXTERNAL_DNS = "external-dns.alpha.kubernetes.io/";

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)([smh]?)");

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
            hosts.addAll(annotatedHosts(ingress));
            List<String> targets = new ArrayList<>();
            if (ingress.getStatus() != null && ingress.getStatus().getLoadBalancer() != null) {
                for (IngressLoadBalancerIngress lb : list(ingress.getStatus().getLoadBalancer().getIngress())) {
                    addTarget(targets, lb.getIp(), lb.getHostname());
                }
            }
            if (targets.isEmpty() && settings.ingressesUseEdge()) {
                targets.addAll(settings.edgeTargets());
            }
            publish(ingress, "ingress", hosts, targets, settings, desired, problems);
        }
        for (Service service : services) {
            boolean loadBalancer = service.getSpec() != null && "LoadBalancer".equals(service.getSpec().getType());
            Set<String> annotated = annotatedHosts(service);
            if (loadBalancer && !annotated.isEmpty()) {
                List<String> targets = new ArrayList<>();
                if (service.getStatus() != null && service.getStatus().getLoadBalancer() != null) {
                    for (LoadBalancerIngress lb : list(service.getStatus().getLoadBalancer().getIngress())) {
                        addTarget(targets, lb.getIp(), lb.getHostname());
                    }
                }
                publish(service, "service", annotated, targets, settings, desired, problems);
            }
            String namespace = service.getMetadata().getNamespace() == null ? "default" : service.getMetadata().getNamespace();
            List<String> vhosts = labelHosts.getOrDefault(namespace + "/"
                    + service.getMetadata().getName(), List.of());
            if (!vhosts.isEmpty()) {
                publish(service, "service", new LinkedHashSet<>(vhosts), settings.edgeTargets(), settings, desired, problems);
            }
        }
        desired.sort((a, b) -> {
            int byKey = a.record().key().compareTo(b.record().key());
            return byKey != 0 ? byKey : a.resource().compareTo(b.resource());
        });
        return new Result(List.copyOf(desired), List.copyOf(problems));
    }

    private static void publish(HasMetadata object, String kind, Set<String> hosts, List<String> statusTargets,
                                SourceSettings settings, List<Desired> desired, List<SourceProblem> problems) {
        String resource = kind + "/" + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
        String override = annotation(object, TARGET, "target");
        List<String> targets = override == null ? statusTargets : split(override);
        long ttl = ttl(object, settings.defaultTtl(), problems);
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
                problems.add(problem(object, "target \"" + target + "\" is neither an IP address nor a hostname"));
            }
        }
        if (!names.isEmpty() && !(v4.isEmpty() && v6.isEmpty())) {
            problems.add(problem(object, "targets " + targets + " mix addresses and hostnames; a name cannot be a "
                    + "CNAME and hold addresses, so only the addresses are published"));
            names.clear();
        } else if (names.size() > 1) {
            problems.add(problem(object, "targets " + names + " are several hostnames; a CNAME holds one, so only "
                    + names.first() + " is published"));
        }
        for (String host : new TreeSet<>(hosts)) {
            if (host == null || host.isBlank()) {
                continue;
            }
            if (!validHost(host, true)) {
                problems.add(problem(object, "host \"" + host + "\" is not a valid DNS name (expected labels of "
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

    private static Set<String> annotatedHosts(HasMetadata object) {
        String hosts = annotation(object, HOSTNAME, "hostname");
        return hosts == null ? Set.of() : new LinkedHashSet<>(split(hosts));
    }

    private static long ttl(HasMetadata object, long fallback, List<SourceProblem> problems) {
        String text = annotation(object, TTL, "ttl");
        if (text == null) {
            return fallback;
        }
        var matcher = DURATION.matcher(text.trim());
        if (matcher.matches() && matcher.group(1).length() < 9) {
            long value = Long.parseLong(matcher.group(1));
            long seconds = switch (matcher.group(2)) {
                case "m" -> value * 60;
                case "h" -> value * 3600;
                default -> value;
            };
            if (seconds >= 1 && seconds <= 2_147_483_647L) {
                return seconds;
            }
        }
        problems.add(problem(object, "annotation ttl \"" + text + "\" is not a TTL (expected seconds, or a duration "
                + "such as 60s, 5m or 1h); the default " + fallback + " is used"));
        return fallback;
    }

    /** Our key first, then external-dns's, so objects move over without edits. */
    private static String annotation(HasMetadata object, String ours, String externalDnsKey) {
        Map<String, String> annotations = map(object.getMetadata().getAnnotations());
        String value = annotations.get(ours);
        return value != null ? value : annotations.get(EXTERNAL_DNS + externalDnsKey);
    }

    private static void addTarget(List<String> targets, String ip, String hostname) {
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

    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        for (String part : text.split("[,\\s]+")) {
            if (!part.isBlank()) {
                parts.add(part.trim().toLowerCase(Locale.ROOT));
            }
        }
        return parts;
    }

    private static SourceProblem problem(HasMetadata object, String message) {
        return new SourceProblem(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName(),
                object.getKind().toLowerCase(Locale.ROOT) + " " + object.getMetadata().getNamespace() + "/"
                        + object.getMetadata().getName() + ": " + message);
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, String> map(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
