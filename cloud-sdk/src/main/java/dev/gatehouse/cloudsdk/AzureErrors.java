package dev.gatehouse.cloudsdk;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;

/** Reads what the Azure SDK throws: its HTTP status, and the short form messages carry. */
public final class AzureErrors {

    private static final int NOT_FOUND = 404;
    private static final int PRECONDITION_FAILED = 412;

    private AzureErrors() {
    }

    public static boolean isNotFound(Throwable failure) {
        return status(failure) == NOT_FOUND;
    }

    /** The ETag sent in {@code If-Match} (or {@code If-None-Match: *}) no longer holds: read again. */
    public static boolean isPreconditionFailed(Throwable failure) {
        return status(failure) == PRECONDITION_FAILED;
    }

    /** The HTTP status Azure answered with; -1 when the failure is not an answer (I/O, timeout). */
    public static int status(Throwable failure) {
        return failure instanceof HttpResponseException http && http.getResponse() != null
                ? http.getResponse().getStatusCode() : -1;
    }

    /**
     * {@code HTTP 400 InvalidResourceReference: Resource ... referenced by ... was not found}, or the transport's
     * cause as {@link SdkCauses} names it when Azure did not answer.
     */
    public static String describe(Throwable failure) {
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
