package dev.gatehouse.cloudlb.azure;

import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;
import com.azure.resourcemanager.network.models.ProvisioningState;
import java.io.IOException;

/**
 * Waits out a write that Azure runs as a long-running operation (accepted with {@code Azure-AsyncOperation} or
 * {@code Location}), polling at Azure's {@code Retry-After}, else at the configured interval, until it ends or
 * the operation timeout passes. An operation that ends Failed or Canceled throws with ARM's error code and
 * message: the SDK's poller would hand back no result at all, and the caller would go on as if it had one.
 */
final class LongRunning {

    private final AzureLbSettings.Timeouts timeouts;

    LongRunning(AzureLbSettings.Timeouts timeouts) {
        this.timeouts = timeouts;
    }

    <T> T finish(SyncPoller<PollResult<T>, T> poller) {
        PollResponse<PollResult<T>> last = poller.setPollInterval(timeouts.poll())
                .waitForCompletion(timeouts.operation());
        if (last.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
            PollResult.Error error = last.getValue() == null ? null : last.getValue().getError();
            ManagementError arm = error == null ? null : armError(error.getResponseBody());
            String words = arm != null && arm.getCode() != null ? arm.getCode() + ": " + arm.getMessage()
                    : error != null ? error.getMessage() : "no error given";
            throw new ManagementException("the operation ended " + status(last.getStatus()) + ": " + words, null, arm);
        }
        return poller.getFinalResult();
    }

    /**
     * Whether a failed operation left the resource {@code Failed}: ARM keeps it so until it is written again,
     * and a PUT of the same document is how it is repaired, so "nothing changed" is no reason to skip it.
     */
    static boolean leftFailed(ProvisioningState state) {
        return ProvisioningState.FAILED.equals(state);
    }

    private static String status(LongRunningOperationStatus status) {
        return status == LongRunningOperationStatus.USER_CANCELLED ? "Canceled"
                : status == LongRunningOperationStatus.FAILED ? "Failed" : status.toString();
    }

    /** The {@code error} of an operation's status body ({@code {"status":"Failed","error":{"code":..}}}). */
    private static ManagementError armError(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try (JsonReader reader = JsonProviders.createReader(body)) {
            if (reader.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (reader.nextToken() != JsonToken.END_OBJECT) {
                String field = reader.getFieldName();
                reader.nextToken();
                if (field.equals("error")) {
                    return ManagementError.fromJson(reader);
                }
                reader.skipChildren();
            }
            return null;
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }
}
