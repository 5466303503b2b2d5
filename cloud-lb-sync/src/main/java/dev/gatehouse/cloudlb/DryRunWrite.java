package dev.gatehouse.cloudlb;

/**
 * Thrown by a provider's client, in a dry run, in place of the first write it was about to send: the
 * provider read the cloud and found this change needed. The reconciler reports it and moves on.
 */
public final class DryRunWrite extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DryRunWrite(String write) {
        super(write);
    }

    /** The dry-run write somewhere in a failure's causes, if it is one. */
    public static java.util.Optional<DryRunWrite> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DryRunWrite write) {
                return java.util.Optional.of(write);
            }
        }
        return java.util.Optional.empty();
    }
}
