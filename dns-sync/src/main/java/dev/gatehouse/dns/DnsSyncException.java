package dev.gatehouse.dns;

import java.util.Map;

/** A sync loop that failed in at least one zone; {@link #objects()} says what each object concerned was told. */
public final class DnsSyncException extends DnsException {

    private static final long serialVersionUID = 1L;

    private final transient Map<String, String> objects;

    DnsSyncException(String message, Map<String, String> objects) {
        super(message);
        this.objects = Map.copyOf(objects);
    }

    /**
     * Each object ({@code ingress/default/web}) whose records the failure kept from the zone, with why (zones
     * joined by "; "); an object with records in a failing zone that were all written is not among them.
     */
    public Map<String, String> objects() {
        return objects;
    }
}
