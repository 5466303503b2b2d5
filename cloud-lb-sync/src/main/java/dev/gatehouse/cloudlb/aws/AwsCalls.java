package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloudsdk.SdkCauses;
import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerPlan;
import dev.gatehouse.cloudlb.ResourceReport;
import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>Every write goes with the {@link LoadBalancerPlan.Step} it carries out. Applying, the write is sent and its step
 * recorded and reported once it went through; planning, the write is not sent: its step is recorded and the call
 * answers what the write would have (a placeholder id for a create), so the provider's walk goes on to the next
 * resource, reading only. The walk is the same code either way, so the plan cannot drift from what a loop does.
 */
final class AwsCalls {

    static final String REASON = "SyncLoadBalancerFailed";

    private static final Logger LOG = LoggerFactory.getLogger(AwsCalls.class);

    /** What a planned create answers in place of the id AWS would give: nothing reads by it. */
    static final String PLANNED = "(to be created)";

    private final String subject;
    private final String provider;
    private final String service;
    private final boolean planning;
    private final ResourceReport report;
    private final List<LoadBalancerPlan.Step> steps = new ArrayList<>();

    /** @param subject what the calls are for, as messages start: {@code aws-nlb service default/web} */
    AwsCalls(String subject) {
        this(subject, "", "", false, ResourceReport.NONE);
    }

    private AwsCalls(String subject, String provider, String service, boolean planning, ResourceReport report) {
        this.subject = subject;
        this.provider = provider;
        this.service = service;
        this.planning = planning;
        this.report = report;
    }

    /** Calls that write, reporting each step applied. */
    static AwsCalls applying(String provider, String service, ResourceReport report) {
        return new AwsCalls(provider + " service " + service, provider, service, false, report);
    }

    /** Calls that only read, recording the writes they would make. */
    static AwsCalls planning(String provider, String service) {
        return new AwsCalls(provider + " service " + service, provider, service, true, ResourceReport.NONE);
    }

    String subject() {
        return subject;
    }

    boolean planning() {
        return planning;
    }

    /** The steps recorded so far, as a plan. */
    LoadBalancerPlan plan() {
        return new LoadBalancerPlan(provider, service, steps);
    }

    /** A step that needs no write (an adoption): recorded, and reported when applying. */
    void record(LoadBalancerPlan.Step step) {
        steps.add(step);
        if (!planning) {
            report.applied(provider, service, step);
        }
    }

    /**
     * Records an adoption when a create of {@code name} was tried and its answer lost: the resource found now is what
     * that create made. Planning leaves {@code recent} as it is.
     */
    void adoptIfAttempted(RecentCreates recent, String name, LoadBalancerPlan.Step step) {
        if (planning ? recent.attempted(name) : recent.adopt(name)) {
            record(step);
        }
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

    /** A write whose answer the walk does not use. */
    void write(LoadBalancerPlan.Step step, String action, String resource, Supplier<?> call) {
        write(step, null, action, resource, call);
    }

    /** A write whose answer the walk uses; planning, {@code planned} stands in for it. */
    <T> T write(LoadBalancerPlan.Step step, T planned, String action, String resource, Supplier<T> call) {
        if (planning) {
            steps.add(step);
            return planned;
        }
        LOG.info("{}: {} {}", subject, action, resource);
        T answer = read(action, resource, call);
        record(step);
        return answer;
    }

    /** A write of something that may be gone already, which is what it wanted: a failure with {@code gone} is success. */
    void writeUnlessGone(LoadBalancerPlan.Step step, String action, String resource, Set<String> gone, Supplier<?> call) {
        if (planning) {
            steps.add(step);
            return;
        }
        LOG.info("{}: {} {}", subject, action, resource);
        if (readUnlessMissing(action, resource, gone, call).isPresent()) {
            record(step);
        }
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
