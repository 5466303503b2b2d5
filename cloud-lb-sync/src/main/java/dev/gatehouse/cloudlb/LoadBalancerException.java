package dev.gatehouse.cloudlb;

/**
 * A load balancer could not be ensured or deleted; the message names the Service, the resource and the
 * cloud's reason. The reconciler reports it as an Event and retries with backoff.
 */
public class LoadBalancerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    /** @param reason a short CamelCase reason for the Event: {@code SyncLoadBalancerFailed}, {@code AllocationFailed} */
    public LoadBalancerException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public LoadBalancerException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
