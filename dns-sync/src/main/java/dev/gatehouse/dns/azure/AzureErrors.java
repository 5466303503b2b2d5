package dev.gatehouse.dns.azure;

import dev.gatehouse.cloudsdk.SdkCauses;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;

/** Turns what the Azure SDK throws into the short form messages carry: status, Azure's code, its message. */
final class AzureErrors {

    static final int PRECONDITION_FAILED = 412;

    private AzureErrors() {
    }

    static boolean isPreconditionFailed(Throwable failure) {
        return failure instanceof HttpResponseException http && http.getResponse() != null
                && http.getResponse().getStatusCode() == PRECONDITION_FAILED;
    }

    /** {@code HTTP 503 ServiceUnavailable: The service is busy}, or the exception's own text off HTTP. */
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
}
