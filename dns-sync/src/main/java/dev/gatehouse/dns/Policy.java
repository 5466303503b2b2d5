package dev.gatehouse.dns;

import java.util.Locale;
import java.util.Optional;

/** How much of a plan may be applied, with external-dns's names and meaning. */
public enum Policy {
    /** Creates, updates and deletes. */
    SYNC("sync"),
    /** Creates and updates; never deletes. */
    UPSERT_ONLY("upsert-only"),
    /** Creates only. */
    CREATE_ONLY("create-only");

    private final String flag;

    Policy(String flag) {
        this.flag = flag;
    }

    public String flag() {
        return flag;
    }

    public boolean allowsUpdates() {
        return this != CREATE_ONLY;
    }

    public boolean allowsDeletes() {
        return this == SYNC;
    }

    public static Optional<Policy> parse(String text) {
        String lower = text.trim().toLowerCase(Locale.ROOT);
        for (Policy policy : values()) {
            if (policy.flag.equals(lower)) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }
}
