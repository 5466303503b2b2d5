package dev.gatehouse.controller.kube;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address our Ingresses' status publishes: fixed IPs and hostnames ({@code --publish-status-address}),
 * or what a Service says ({@code --publish-service}): its load balancer's addresses, else its external IPs.
 */
public abstract sealed class PublishAddress implements AutoCloseable {

    private static final Comparator<IngressLoadBalancerIngress> ORDER = Comparator
            .comparing((IngressLoadBalancerIngress a) -> a.getIp() == null ? "" : a.getIp())
            .thenComparing(a -> a.getHostname() == null ? "" : a.getHostname());
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");

    /** The addresses to publish now, sorted; empty when there is none yet (a load balancer being created). */
    public abstract List<IngressLoadBalancerIngress> current();

    /** False until the address is known to be complete (the Service has been read once). */
    public abstract boolean isKnown();

    @Override
    public void close() {
    }

    /**
     * @param addresses IPv4 or IPv6 addresses and DNS names
     * @throws IllegalArgumentException naming the first value that is neither
     */
    public static PublishAddress fixed(List<String> addresses) {
        List<IngressLoadBalancerIngress> published = new ArrayList<>();
        for (String address : addresses) {
            published.add(parse(address));
        }
        published.sort(ORDER);
        return new Fixed(List.copyOf(published));
    }

    /** Follows the Service's status; {@code onChange} is called when it changes. */
    public static PublishAddress ofService(KubernetesClient client, String namespace, String name, Runnable onChange) {
        return new OfService(client, namespace, name, onChange);
    }

    /** An address as a person would write it: the IP, or the hostname. */
    static String describe(IngressLoadBalancerIngress address) {
        return address.getIp() != null ? address.getIp() : Objects.toString(address.getHostname(), "");
    }

    static IngressLoadBalancerIngress parse(String address) {
        String value = address.trim();
        if (isIpv4(value) || isIpv6(value)) {
            return new IngressLoadBalancerIngressBuilder().withIp(value).build();
        }
        if (IPV4.matcher(value).matches() || value.contains(":") || !DNS_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + address
                    + "' is neither an IP address nor a DNS name (expected e.g. 203.0.113.10, 2001:db8::10 or lb.example.com)");
        }
        return new IngressLoadBalancerIngressBuilder().withHostname(value).build();
    }

    private static boolean isIpv4(String value) {
        return IPV4.matcher(value).matches() && Arrays.stream(value.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
    }

    private static boolean isIpv6(String value) {
        try {
            // with a colon, getByName parses a literal and never looks a name up
            return value.contains(":") && InetAddress.getByName(value) instanceof Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static final class Fixed extends PublishAddress {
        private final List<IngressLoadBalancerIngress> addresses;

        Fixed(List<IngressLoadBalancerIngress> addresses) {
            this.addresses = addresses;
        }

        @Override
        public List<IngressLoadBalancerIngress> current() {
            return addresses;
        }

        @Override
        public boolean isKnown() {
            return true;
        }
    }

    private static final class OfService extends PublishAddress {
        private final SharedIndexInformer<Service> informer;

        OfService(KubernetesClient client, String namespace, String name, Runnable onChange) {
            this.informer = client.services().inNamespace(namespace).withName(name).runnableInformer(0);
            informer.exceptionHandler((started, error) -> true);
            informer.addEventHandler(new OnAnyChange<>(onChange));
            informer.start();
        }

        @Override
        public List<IngressLoadBalancerIngress> current() {
            Optional<Service> service = informer.getStore().list().stream().findFirst();
            if (service.isEmpty()) {
                return List.of();
            }
            List<IngressLoadBalancerIngress> addresses = new ArrayList<>();
            var status = service.get().getStatus();
            if (status != null && status.getLoadBalancer() != null && status.getLoadBalancer().getIngress() != null) {
                for (LoadBalancerIngress ingress : status.getLoadBalancer().getIngress()) {
                    addresses.add(new IngressLoadBalancerIngressBuilder()
                            .withIp(ingress.getIp()).withHostname(ingress.getHostname()).build());
                }
            }
            if (addresses.isEmpty() && service.get().getSpec() != null && service.get().getSpec().getExternalIPs() != null) {
                service.get().getSpec().getExternalIPs().forEach(ip -> addresses.add(new IngressLoadBalancerIngressBuilder().withIp(ip).build()));
            }
            addresses.sort(ORDER);
            return addresses;
        }

        @Override
        public boolean isKnown() {
            return informer.hasSynced();
        }

        @Override
        public void close() {
            informer.close();
        }
    }
}
