package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloudsdk.SdkCauses;
import dev.gatehouse.cloudlb.LoadBalancerException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The AWS calls made for one subject (a Service, a target group binding): every write is logged, and every
 * failure the SDK did not retry away becomes a {@link LoadBalancerException} that names the subject, the call,
 * the resource and AWS's code and message.
 */
final class AwsCalls {

    static final String REASON = "SyncLoadBalancerFailed";

    private static final Logger LOG = LoggerFactory.getLogger(AwsCalls.class);

    private final String subject;

    /** @param subject what the calls are for, as messages start: {@code aws-nlb service default/web} */
    AwsCalls(String subject) {
        this.subject = subject;
    }

    String subject() {
        return subject;
    }

    <T> T read(String action, String resource, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw failure(action, resource, e);
        }
    }

    /** A read whose failure with one of {@code notFound} (AWS's codes for a missing resource) means it is absent. */
    <T> Optional<T> readUnlessMissing(String action, String resource, Set<String> notFound, Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (SdkException e) {
            if (notFound.contains(code(e))) {
                return Optional.empty();
            }
            throw failure(action, resource, e);
        }
    }

    <T> T write(String action, String resource, Supplier<T> call) {
        LOG.info("{}: {} {}", subject, action, resource);
        return read(action, resource, call);
    }

    /** A write of something that may be gone already, which is what it wanted: a failure with {@code gone} is success. */
    void writeUnlessGone(String action, String resource, Set<String> gone, Supplier<?> call) {
        LOG.info("{}: {} {}", subject, action, resource);
        readUnlessMissing(action, resource, gone, call);
    }

    /** A failure of our own making, such as a resource with our name that is not ours. */
    LoadBalancerException refuse(String message) {
        return new LoadBalancerException(REASON, subject + ": " + message);
    }

    LoadBalancerException failure(String action, String resource, SdkException e) {
        return new LoadBalancerException(REASON, subject + ": " + action + " " + resource + " failed: " + describe(e), e);
    }

    static String code(SdkException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null) {
            return aws.awsErrorDetails().errorCode();
        }
        return "";
    }

    private static String describe(SdkException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            AwsErrorDetails details = aws.awsErrorDetails();
            return details.errorCode() + ": " + details.errorMessage() + " (HTTP " + aws.statusCode()
                    + (aws.requestId() == null ? "" : ", request id " + aws.requestId()) + ")";
        }
        return SdkCauses.describe(e);
    }
}
