package dev.gatehouse.cloudlb.azure;

import dev.gatehouse.cloudsdk.AzureErrors;
import com.azure.core.util.Context;
import com.azure.resourcemanager.network.fluent.SecurityRulesClient;
import com.azure.resourcemanager.network.fluent.models.SecurityRuleInner;
import com.azure.resourcemanager.network.models.SecurityRuleAccess;
import com.azure.resourcemanager.network.models.SecurityRuleDirection;
import com.azure.resourcemanager.network.models.SecurityRuleProtocol;
import com.azure.resourcemanager.network.models.TransportProtocol;
import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerPlan;
import dev.gatehouse.cloudlb.LoadBalancerPlan.Action;
import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.ServicePort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code loadBalancerSourceRanges} as inbound allow rules in the nodes' network security group.
 *
 * <p>An Azure load balancer has no access list of its own: a Standard load balancer lets in what the
 * security group of the nodes' subnet or NICs allows. Rules do not see the frontend address (floating IP
 * is off, so packets reach the nodes addressed to their own IP and the NodePort), so each port gets a rule
 * {@code a<uid>-<PROTOCOL>-<port>} that allows the source ranges (or {@code Internet}, or for internal
 * Services {@code VirtualNetwork}, when there are none) to the NodePort. For internal Services the
 * group's default rule {@code AllowVnetInBound} still lets the whole virtual network in.
 *
 * <p>Rules are written one at a time by name and only this Service's are touched; a new rule takes the
 * lowest priority of the configured range that no inbound rule of the group uses. The group's ETag is
 * not sent: every write changes it, and each rule is only ever written by its Service's reconcile.
 *
 * <p>Without a configured security group no rules are managed, and a Service asking for source ranges is
 * refused before anything is made, rather than left open to everyone.
 */
final class SecurityRules {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityRules.class);
    private static final String ANY = "*";

    private final SecurityRulesClient client;
    private final Optional<ResourceId> group;
    private final AzureLbSettings.PriorityRange priorities;
    private final LongRunning operations;

    SecurityRules(SecurityRulesClient client, AzureLbSettings settings) {
        this.client = client;
        this.group = settings.securityGroupId()
                .map(id -> ResourceIds.requireType("security group id", id, ResourceIds.SECURITY_GROUP));
        this.priorities = settings.securityRulePriorities();
        this.operations = new LongRunning(settings.timeouts());
    }

    /** Refuses, before anything is made, source ranges that nothing would enforce. */
    void check(ServiceNames names, LoadBalancerRequest request) {
        if (group.isEmpty() && !request.sourceRanges().isEmpty()) {
            throw new LoadBalancerException(SyncFailures.SYNC_FAILED, names.subject() + ": loadBalancerSourceRanges "
                    + request.sourceRanges() + " cannot be honoured: an Azure load balancer has no access list and no"
                    + " network security group is configured for the nodes");
        }
    }

    void ensure(AzureSteps steps, ServiceNames names, LoadBalancerRequest request) {
        if (group.isEmpty()) {
            return;
        }
        List<SecurityRuleInner> current = list(names);
        Map<String, SecurityRuleInner> ours = new HashMap<>();
        Set<Integer> taken = new HashSet<>();
        for (SecurityRuleInner rule : current) {
            if (names.owns(rule.name())) {
                ours.put(rule.name().toLowerCase(Locale.ROOT), rule);
            } else if (rule.priority() != null && isInbound(rule)) {
                taken.add(rule.priority());
            }
        }
        List<String> sources = request.sourceRanges().isEmpty()
                ? List.of(request.internal() ? "VirtualNetwork" : "Internet") : request.sourceRanges();
        Set<String> wantedNames = new HashSet<>();
        List<SecurityRuleInner> toPlace = new ArrayList<>();
        for (ServicePort port : request.ports()) {
            String name = names.port(port);
            wantedNames.add(name.toLowerCase(Locale.ROOT));
            SecurityRuleInner wanted = rule(name, port, sources, request.service());
            SecurityRuleInner existing = ours.get(name.toLowerCase(Locale.ROOT));
            if (existing != null && existing.priority() != null && !taken.contains(existing.priority())) {
                taken.add(existing.priority());
                if (!same(existing, wanted)) {
                    put(steps, names, wanted.withPriority(existing.priority()), LongRunning.leftFailed(
                            existing.provisioningState()) ? AzureSteps.step(Action.REPAIR, AzureSteps.SECURITY_RULE,
                            name, "Azure left it in provisioning state Failed: written again")
                            : AzureSteps.step(Action.UPDATE, AzureSteps.SECURITY_RULE, name, "allow " + sources
                            + " to NodePort " + port.nodePort()));
                }
            } else {
                toPlace.add(wanted);
            }
        }
        for (SecurityRuleInner wanted : toPlace) {
            int priority = freePriority(names, taken);
            taken.add(priority);
            put(steps, names, wanted.withPriority(priority), AzureSteps.step(Action.CREATE, AzureSteps.SECURITY_RULE,
                    wanted.name(), "allow " + sources(wanted) + " to NodePort " + wanted.destinationPortRange()
                    + " at priority " + priority));
        }
        ours.forEach((name, rule) -> {
            if (!wantedNames.contains(name)) {
                delete(steps, names, rule.name(), "the Service has no such port any more");
            }
        });
    }

    /** Deletes the Service's rules; already gone is success. */
    void remove(AzureSteps steps, ServiceNames names) {
        if (group.isEmpty()) {
            return;
        }
        for (SecurityRuleInner rule : list(names)) {
            if (names.owns(rule.name())) {
                delete(steps, names, rule.name(), "the Service no longer has a load balancer of ours");
            }
        }
    }

    private SecurityRuleInner rule(String name, ServicePort port, List<String> sources, String service) {
        SecurityRuleInner rule = new SecurityRuleInner().withName(name)
                .withDescription("gatehouse: " + service + " port " + port.port() + "/" + port.protocol())
                .withDirection(SecurityRuleDirection.INBOUND)
                .withAccess(SecurityRuleAccess.ALLOW)
                .withProtocol(ServiceParts.transport(port) == TransportProtocol.UDP
                        ? SecurityRuleProtocol.UDP : SecurityRuleProtocol.TCP)
                .withSourcePortRange(ANY)
                .withDestinationAddressPrefix(ANY)
                .withDestinationPortRange(Integer.toString(port.nodePort()));
        // Service tags such as Internet are accepted only in the single-prefix field.
        return sources.size() == 1
                ? rule.withSourceAddressPrefix(sources.get(0))
                : rule.withSourceAddressPrefixes(List.copyOf(new TreeSet<>(sources)));
    }

    private static boolean same(SecurityRuleInner current, SecurityRuleInner wanted) {
        return !LongRunning.leftFailed(current.provisioningState())
                && text(current.direction()).equals(text(wanted.direction()))
                && text(current.access()).equals(text(wanted.access()))
                && text(current.protocol()).equals(text(wanted.protocol()))
                && wanted.destinationPortRange().equals(current.destinationPortRange())
                && ANY.equals(current.destinationAddressPrefix())
                && sources(current).equals(sources(wanted));
    }

    private static Set<String> sources(SecurityRuleInner rule) {
        Set<String> sources = new TreeSet<>();
        if (rule.sourceAddressPrefix() != null && !rule.sourceAddressPrefix().isEmpty()) {
            sources.add(rule.sourceAddressPrefix());
        }
        if (rule.sourceAddressPrefixes() != null) {
            sources.addAll(rule.sourceAddressPrefixes());
        }
        return sources;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().toLowerCase(Locale.ROOT);
    }

    private static boolean isInbound(SecurityRuleInner rule) {
        return text(rule.direction()).equals(text(SecurityRuleDirection.INBOUND));
    }

    private int freePriority(ServiceNames names, Set<Integer> taken) {
        for (int priority = priorities.first(); priority <= priorities.last(); priority++) {
            if (!taken.contains(priority)) {
                return priority;
            }
        }
        throw new LoadBalancerException(SyncFailures.SYNC_FAILED, names.subject() + ": network security group "
                + group.get().name() + " has no free inbound priority in " + priorities.first() + ".."
                + priorities.last());
    }

    private List<SecurityRuleInner> list(ServiceNames names) {
        ResourceId nsg = group.get();
        try {
            List<SecurityRuleInner> rules = new ArrayList<>();
            client.list(nsg.resourceGroupName(), nsg.name(), Context.NONE).forEach(rules::add);
            return rules;
        } catch (RuntimeException e) {
            throw SyncFailures.failed(names.subject(), "listing the rules of network security group " + nsg.name()
                    + " in resource group " + nsg.resourceGroupName(), e);
        }
    }

    private void put(AzureSteps steps, ServiceNames names, SecurityRuleInner rule, LoadBalancerPlan.Step step) {
        ResourceId nsg = group.get();
        String action = "writing security rule " + rule.name() + " (priority " + rule.priority() + ", from "
                + sources(rule) + " to port " + rule.destinationPortRange() + ") in network security group "
                + nsg.name();
        try {
            steps.write(step, null, () -> {
                operations.finish(client.beginCreateOrUpdate(nsg.resourceGroupName(), nsg.name(), rule.name(), rule,
                        Context.NONE));
                LOG.info("{}: {} done", names.subject(), action);
                return null;
            });
        } catch (RuntimeException e) {
            throw SyncFailures.failed(names.subject(), action, e);
        }
    }

    private void delete(AzureSteps steps, ServiceNames names, String rule, String reason) {
        ResourceId nsg = group.get();
        String action = "deleting security rule " + rule + " in network security group " + nsg.name();
        try {
            steps.write(AzureSteps.step(Action.DELETE, AzureSteps.SECURITY_RULE, rule, reason), null, () -> {
                operations.finish(client.beginDelete(nsg.resourceGroupName(), nsg.name(), rule, Context.NONE));
                LOG.info("{}: {} done", names.subject(), action);
                return null;
            });
        } catch (RuntimeException e) {
            if (!AzureErrors.isNotFound(e)) {
                throw SyncFailures.failed(names.subject(), action, e);
            }
        }
    }
}
