package dev.gatehouse.controller.translate.labels;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * marathon-lb's two maps, for tooling that still reads {@code /_haproxy_getvhostmap} and
 * {@code /_haproxy_getappmap}: one {@code KEY BACKEND} line each, with marathon-lb's backend names
 * ({@code APP_ID_SERVICEPORT}, the app id's slashes as underscores). The vhost map holds the hosts of
 * http ports without PATH or AUTH, as marathon-lb's did; the app map the first http port of each app
 * (a Service's app id is {@code /NAMESPACE/NAME}).
 *
 * @param vhostMap     lines {@code host backend}
 * @param appMap       lines {@code /app-id backend}
 * @param serviceHosts every host routed for a Service by its keys, by {@code namespace/name}, sorted: what the DNS
 *                     sync publishes at the edge
 */
public record LabelMaps(List<String> vhostMap, List<String> appMap, Map<String, List<String>> serviceHosts) {

    public static final LabelMaps EMPTY = new LabelMaps(List.of(), List.of(), Map.of());

    public LabelMaps {
        vhostMap = List.copyOf(vhostMap);
        appMap = List.copyOf(appMap);
        Map<String, List<String>> sorted = new TreeMap<>();
        serviceHosts.forEach((service, hosts) -> sorted.put(service, hosts.stream().distinct().sorted().toList()));
        serviceHosts = Collections.unmodifiableMap(sorted);
    }

    /** The vhost map as marathon-lb served it: one line per entry, each ending with a newline. */
    public String vhostMapText() {
        return text(vhostMap);
    }

    /** The app map as marathon-lb served it. */
    public String appMapText() {
        return text(appMap);
    }

    private static String text(List<String> lines) {
        return lines.stream().distinct().map(line -> line + "\n").reduce("", String::concat);
    }
}
