package dev.gatehouse.cloudlb.azure;

import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudsdk.AzureErrors;

/** A failed Azure call as the reconciler's Event shows it: {@code SyncLoadBalancerFailed} and Azure's words. */
final class SyncFailures {

    static final String SYNC_FAILED = "SyncLoadBalancerFailed";

    private SyncFailures() {
    }

    /** {@code <subject>: <action> failed: <what Azure said>}. */
    static LoadBalancerException failed(String subject, String action, RuntimeException cause) {
        return new LoadBalancerException(SYNC_FAILED, subject + ": " + action + " failed: "
                + AzureErrors.describe(cause), cause);
    }
}
