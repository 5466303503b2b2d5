package dev.gatehouse.dns.route53;

import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Holds every HTTP attempt until the {@link Pacer} gives it a turn. The SDK calls {@code beforeTransmission}
 * once per attempt, so retries and the waiter's GetChange polls are paced like first attempts.
 */
final class PacingInterceptor implements ExecutionInterceptor {

    private final Pacer pacer;

    PacingInterceptor(Pacer pacer) {
        this.pacer = pacer;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
        try {
            pacer.awaitTurn();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AbortedException.builder().message("route53: interrupted while waiting to send a request").cause(e)
                    .build();
        }
    }
}
