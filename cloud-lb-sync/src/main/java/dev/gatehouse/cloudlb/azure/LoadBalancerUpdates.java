package dev.gatehouse.cloudlb.azure;

import dev.gatehouse.cloudsdk.AzureErrors;
import dev.gatehouse.cloudlb.LoadBalancerPlan;
import dev.gatehouse.cloudlb.LoadBalancerPlan.Action;
import com.azure.core.util.Context;
import com.azure.resourcemanager.network.fluent.LoadBalancersClient;
import com.azure.resourcemanager.network.fluent.models.LoadBalancerInner;
import dev.gatehouse.cloudlb.LoadBalancerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-modify-write of one shared load balancer. A PUT replaces the whole load balancer, every Service's
 * parts at once, so each write is conditional on the ETag of the read it was computed from
 * ({@code If-Match}; {@code If-None-Match: *} to create). When someone else wrote in between, Azure answers
 * 412; the load balancer is read again and the edit computed again from what is there now, so neither
 * this Service's change nor the other writer's is lost. That repeats at most
 * {@link AzureLbSettings#conflictAttempts()} times.
 */
final class LoadBalancerUpdates {

    private static final Logger LOG = LoggerFactory.getLogger(LoadBalancerUpdates.class);

    /** What to do with the load balancer as read. */
    sealed interface Decision {
    }

    /** It is as it should be: no write. */
    record Keep() implements Decision {
    }

    /** Write this (the read one, edited, or a new one when there was none). */
    record Put(LoadBalancerInner loadBalancer) implements Decision {
    }

    /** Delete it: nothing is left on it. */
    record Delete() implements Decision {
    }

    @FunctionalInterface
    interface Edit {

        /** @param current the load balancer as just read, {@code null} when there is none */
        Decision decide(LoadBalancerInner current);
    }

    private final LoadBalancersClient client;
    private final String group;
    private final int attempts;
    private final LongRunning operations;

    LoadBalancerUpdates(LoadBalancersClient client, AzureLbSettings settings) {
        this.client = client;
        this.group = settings.resourceGroup();
        this.attempts = settings.conflictAttempts();
        this.operations = new LongRunning(settings.timeouts());
    }

    /**
     * @param subject who asks, for messages: {@code azure service default/web}
     * @return the load balancer after the edit, {@code null} when there is none
     */
    LoadBalancerInner update(AzureSteps steps, String subject, String name, Edit edit) {
        for (int attempt = 1; ; attempt++) {
            LoadBalancerInner current = read(subject, name);
            Decision decision = edit.decide(current);
            boolean failed = decision instanceof Keep && current != null
                    && LongRunning.leftFailed(current.provisioningState());
            if (failed) {
                decision = new Put(current);
            }
            if (decision instanceof Keep || (decision instanceof Delete && current == null)) {
                return current;
            }
            String action = describe(decision, current, name);
            Decision chosen = decision;
            try {
                LoadBalancerInner result = steps.write(step(decision, current, name, failed),
                        decision instanceof Put put ? put.loadBalancer() : null, () -> write(name, chosen, current));
                if (steps.planning()) {
                    return result;
                }
                LOG.info("{}: {} done", subject, action);
                return result;
            } catch (RuntimeException e) {
                if (decision instanceof Delete && AzureErrors.isNotFound(e)) {
                    return null;
                }
                if (!AzureErrors.isPreconditionFailed(e)) {
                    throw SyncFailures.failed(subject, action, e);
                }
                if (attempt == attempts) {
                    throw new LoadBalancerException(SyncFailures.SYNC_FAILED, subject + ": " + action + " failed: "
                            + "the load balancer changed between read and write " + attempts + " times in a row ("
                            + AzureErrors.describe(e) + ")", e);
                }
                LOG.debug("{}: load balancer {} changed since it was read ({}); reading it again", subject, name,
                        AzureErrors.describe(e));
            }
        }
    }

    private LoadBalancerInner read(String subject, String name) {
        try {
            return client.getByResourceGroupWithResponse(group, name, null, Context.NONE).getValue();
        } catch (RuntimeException e) {
            if (AzureErrors.isNotFound(e)) {
                return null;
            }
            throw SyncFailures.failed(subject, "reading load balancer " + name + " in resource group " + group, e);
        }
    }

    private LoadBalancerInner write(String name, Decision decision, LoadBalancerInner current) {
        if (decision instanceof Put put) {
            Context condition = current == null
                    ? ConditionalWritePolicy.ifAbsent() : ConditionalWritePolicy.ifMatch(current.etag());
            return operations.finish(client.beginCreateOrUpdate(group, name, put.loadBalancer(), condition));
        }
        operations.finish(client.beginDelete(group, name, ConditionalWritePolicy.ifMatch(current.etag())));
        return null;
    }

    private static LoadBalancerPlan.Step step(Decision decision, LoadBalancerInner current, String name,
                                              boolean failed) {
        if (decision instanceof Delete) {
            return AzureSteps.step(Action.DELETE, AzureSteps.LOAD_BALANCER, name, "nothing of the cluster's is left on it");
        }
        if (current == null) {
            return AzureSteps.step(Action.CREATE, AzureSteps.LOAD_BALANCER, name,
                    "holds the Service's frontend, rules and probes");
        }
        return failed ? AzureSteps.step(Action.REPAIR, AzureSteps.LOAD_BALANCER, name,
                "Azure left it in provisioning state Failed: written again")
                : AzureSteps.step(Action.UPDATE, AzureSteps.LOAD_BALANCER, name,
                "the Service's frontend, rules or probes on it differ");
    }

    private String describe(Decision decision, LoadBalancerInner current, String name) {
        String verb = decision instanceof Delete ? "deleting" : current == null ? "creating" : "updating";
        String condition = current == null ? "If-None-Match *" : "If-Match " + current.etag();
        return verb + " load balancer " + name + " in resource group " + group + " (" + condition + ")";
    }
}
