package dev.gatehouse.cloudlb.azure;

import dev.gatehouse.cloudsdk.SdkCauses;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import dev.gatehouse.cloudlb.LoadBalancerException;

/** Reads what the Azure SDK throws: its HTTP status, and the short form messages carry. */
final class AzureErrors {

    static final String SYNC_FAILED = "SyncLoadBalancerFailed";

    private static final int NOT_FOUND = 404;
    private static final int PRECONDITION_FAILED = 412;

    private AzureErrors() {
    }

    static boolean isNotFound(Throwable failure) {
        return status(failure) == NOT_FOUND;
    }

    /** The ETag sent in {@code If-Match} (or {@code If-None-Match: *}) no longer holds: read again. */
    static boolean isPreconditionFailed(Throwable failure) {
        return status(failure) == PRECONDITION_FAILED;
    }

    private static int status(Throwable failure) {
        return failure instanceof HttpResponseException http && http.getResponse() != null
                ? http.getResponse().getStatusCode() : -1;
    }

    /** {@code HTTP 400 InvalidResourceReference: Resource ... referenced by ... was not found}. */
    static String describe(Throwable failure) {
        if (failure instanceof HttpResponseException http && http.getResponse() != null) {
            String status = "HTTP " + http.getResponse().getStatusCode();
            ManagementError error = failure instanceof ManagementException management ? management.getValue() : null;
            if (error != null && error.getCode() != null) {
                return status + " " + error.getCode() + ": " + error.getMessage();
            }
            return status + ": " + http.getMessage();
        }
        return SdkCauses.describe(failure);
    }

    /** {@code <subject>: <action> failed: <what Azure said>}, as the reconciler's Event shows it. */
    static LoadBalancerException failed(String subject, String action, RuntimeException cause) {
        return new LoadBalancerException(SYNC_FAILED, subject + ": " + action + " failed: " + describe(cause), cause);
    }
}
