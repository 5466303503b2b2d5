package dev.gatehouse.cloudsdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FailureReportsTest {

    private final FailureReports reports = new FailureReports();

    @Test
    void aFailureIsNewsWhenItStartsAndNotWhenTheSameFailureIsRetried() {
        assertThat(reports.failed("svc-1", "SyncLoadBalancerFailed", "CreateLoadBalancer failed: 503 ServiceUnavailable"))
                .isTrue();
        assertThat(reports.failed("svc-1", "SyncLoadBalancerFailed", "CreateLoadBalancer failed: 503 ServiceUnavailable"))
                .isFalse();
        assertThat(reports.failing("svc-1")).isTrue();
    }

    @Test
    void retriesThatDifferOnlyInRequestIdsTimestampsAndAttemptCountsAreTheSameFailure() {
        assertThat(reports.failed("svc-1", "SyncLoadBalancerFailed", "InternalFailure: boom (HTTP 500, request id"
                + " 7f0e4c1a-1b2c-4d5e-8f90-0123456789ab) at 2026-12-07T16:40:01.123Z (SDK Attempt Count: 3)")).isTrue();
        assertThat(reports.failed("svc-1", "SyncLoadBalancerFailed", "InternalFailure: boom (HTTP 500, request id"
                + " 11111111-2222-4333-8444-555555555555) at 2026-12-07T16:41:07Z (SDK Attempt Count: 2)")).isFalse();
        assertThat(reports.failed("svc-1", "SyncLoadBalancerFailed", "HTTP 500 InternalServerError: x-ms-request-id:"
                + " abc123")).isTrue();
        assertThat(reports.failed("svc-1", "SyncLoadBalancerFailed", "HTTP 500 InternalServerError: x-ms-request-id:"
                + " def456")).isFalse();
    }

    @Test
    void aDifferentReasonOrMessageIsANewFailure() {
        reports.failed("svc-1", "SyncLoadBalancerFailed", "Throttling: Rate exceeded");
        assertThat(reports.failed("svc-1", "SyncLoadBalancerFailed", "connection reset")).isTrue();
        assertThat(reports.failed("svc-1", "AllocationFailed", "connection reset")).isTrue();
    }

    @Test
    void aRecoveryIsNewsOnceAndAFailureAfterItIsNewsAgain() {
        assertThat(reports.recovered("svc-1")).as("never failed").isFalse();
        reports.failed("svc-1", "SyncLoadBalancerFailed", "connection reset");
        assertThat(reports.recovered("svc-1")).isTrue();
        assertThat(reports.recovered("svc-1")).isFalse();
        assertThat(reports.failed("svc-1", "SyncLoadBalancerFailed", "connection reset")).isTrue();
    }

    @Test
    void anObjectThatStartsFailingBesideOthersAlreadyFailingTheSameWayHasItsOwnFailure() {
        reports.failed("ingress/default/a@example.com", "DnsSyncFailed", "zone example.com: 503");
        assertThat(reports.failed("ingress/default/b@example.com", "DnsSyncFailed", "zone example.com: 503")).isTrue();
    }

    @Test
    void objectsThatAreGoneAreForgottenWithoutARecovery() {
        reports.failed("svc-1", "SyncLoadBalancerFailed", "connection reset");
        reports.failed("svc-2", "SyncLoadBalancerFailed", "connection reset");
        reports.retain(List.of("svc-2"));
        assertThat(reports.failing("svc-1")).isFalse();
        assertThat(reports.recovered("svc-1")).isFalse();
        assertThat(reports.failing("svc-2")).isTrue();
    }

    @Test
    void normalisingKeepsWhatTellsFailuresApart() {
        assertThat(FailureReports.normalise("aws-nlb service default/web: CreateTargetGroup gh-abc-80 failed:"
                + " Throttling: Rate exceeded (HTTP 400, request id Q7W8E9)"))
                .isEqualTo("aws-nlb service default/web: CreateTargetGroup gh-abc-80 failed:"
                        + " Throttling: Rate exceeded (HTTP 400, request id *)");
    }
}
