package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.objects.HostNames;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.PathMatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ingress-nginx's {@code server-alias}: another name of the whole server block of the annotated Ingress's hosts, so
 * every Ingress's paths on such a host (canaries and {@code app-root} included) answer under the alias too. An alias
 * that some rule names as its host, or that an older Ingress already aliases, is not served, so an alias never takes a
 * host over.
 */
final class ServerAliases {

    private record Pending(ObjectRef owner, String host, List<String> aliases) {
    }

    private final List<Pending> pending = new ArrayList<>();
    private final Map<HostPattern, Set<HostPattern>> accepted = new LinkedHashMap<>();

    /** The aliases the Ingress {@code owner} names, for its rule of {@code host}; added oldest Ingress first. */
    void add(ObjectRef owner, String host, List<String> aliases) {
        if (host != null && !host.isEmpty() && HostNames.problem(host) == null) {
            pending.add(new Pending(owner, host, aliases));
        }
    }

    /** Decides which aliases are served, once every rule host is known; reports those that are not. */
    void accept(Set<HostPattern> ruleHosts, List<Warning> warnings) {
        Map<HostPattern, ObjectRef> holders = new LinkedHashMap<>();
        for (Pending alias : pending) {
            for (String name : alias.aliases()) {
                HostPattern pattern = HostPattern.of(name);
                ObjectRef holder = holders.putIfAbsent(pattern, alias.owner());
                if (holder != null && holder.equals(alias.owner())) {
                    // another rule of the same Ingress: one more host under the alias, if the alias is served
                    accepted.computeIfPresent(pattern, (p, named) -> {
                        named.add(HostPattern.of(alias.host()));
                        return named;
                    });
                    continue;
                }
                if (ruleHosts.contains(pattern) || holder != null) {
                    warnings.add(new Warning(alias.owner(), Warning.RULE_CONFLICT, alias.owner() + ": annotation server-alias: host \""
                            + name + "\" is not served as an alias: " + (holder != null ? holder + " already aliases it"
                            : "a rule names it as its host") + " (expected an alias no rule serves)"));
                    continue;
                }
                accepted.computeIfAbsent(pattern, p -> new LinkedHashSet<>()).add(HostPattern.of(alias.host()));
            }
        }
    }

    /** Serves each accepted alias with every route of the hosts it names, once those routes are final. */
    void serve(Map<HostPattern, Map<PathMatch, Claim>> hosts) {
        accepted.forEach((alias, named) -> {
            Map<PathMatch, Claim> routes = new LinkedHashMap<>();
            named.forEach(host -> hosts.getOrDefault(host, Map.of()).forEach(routes::putIfAbsent));
            if (!routes.isEmpty()) {
                hosts.put(alias, routes);
            }
        });
    }
}
