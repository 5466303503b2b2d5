package dev.gatehouse.cloudlb.reconciler;

import dev.gatehouse.cloudlb.LoadBalancerStatus;
import java.util.ArrayList;
import java.util.List;

/** A load balancer's addresses as Events and logs show them: IPs, then hostnames, comma-separated. */
final class Addresses {

    private Addresses() {
    }

    static String of(LoadBalancerStatus status) {
        List<String> all = new ArrayList<>(status.ips());
        all.addAll(status.hostnames());
        return String.join(",", all);
    }
}
