package dev.gatehouse.cloudsdk;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import dev.gatehouse.logging.Causes;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;

/**
 * What an AWS or Azure call's failure was, in words: the provider's answer as HTTP status, error code and message
 * when there was one; else the transport's cause as {@link Causes} names it (name not resolved, connection refused,
 * certificate not trusted), never only the SDK's wrapper ("Unable to execute HTTP request").
 */
public final class SdkCauses {

    private SdkCauses() {
    }

    /** E.g. "HTTP 403 AccessDenied: User is not authorized to perform route53:ListHostedZones", "connection refused". */
    public static String describe(Throwable failure) {
        return Causes.describe(failure, SdkCauses::aws, SdkCauses::azure);
    }

    private static Optional<String> aws(Throwable failure) {
        if (failure instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            AwsErrorDetails details = aws.awsErrorDetails();
            return Optional.of("HTTP " + aws.statusCode() + " " + details.errorCode() + ": " + details.errorMessage()
                    + (aws.requestId() == null ? "" : " (request id " + aws.requestId() + ")"));
        }
        return Optional.empty();
    }

    private static Optional<String> azure(Throwable failure) {
        if (failure instanceof HttpResponseException http && http.getResponse() != null) {
            String status = "HTTP " + http.getResponse().getStatusCode();
            ManagementError error = failure instanceof ManagementException management ? management.getValue() : null;
            if (error != null && error.getCode() != null) {
                return Optional.of(status + " " + error.getCode() + ": " + error.getMessage());
            }
            return Optional.of(status + ": " + http.getMessage());
        }
        return Optional.empty();
    }
}
