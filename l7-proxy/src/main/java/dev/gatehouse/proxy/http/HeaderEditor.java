package dev.gatehouse.proxy.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Map;
import java.util.Set;

/**
 * Headers appended to and removed from one direction's messages ({@code HeaderEdits} of the model), made once per
 * snapshot: the values are added after the message's own (a second field line, which a receiver reads as the same list
 * joined by commas), then the names removed.
 */
public final class HeaderEditor {

    /** An editor that changes nothing. */
    public static final HeaderEditor NONE = new HeaderEditor(new AsciiString[0], new AsciiString[0]);

    private final AsciiString[] added;
    private final AsciiString[] removed;

    private HeaderEditor(AsciiString[] added, AsciiString[] removed) {
        this.added = added;
        this.removed = removed;
    }

    /** The editor appending {@code add} (by lower-case name) and removing {@code remove}. */
    public static HeaderEditor compile(Map<String, String> add, Set<String> remove) {
        if (add.isEmpty() && remove.isEmpty()) {
            return NONE;
        }
        AsciiString[] pairs = ResponseHeaders.compile(add);
        AsciiString[] names = remove.stream().map(AsciiString::cached).toArray(AsciiString[]::new);
        return new HeaderEditor(pairs, names);
    }

    public void apply(HttpHeaders headers) {
        for (int i = 0; i < added.length; i += 2) {
            headers.add(added[i], added[i + 1]);
        }
        for (AsciiString name : removed) {
            headers.remove(name);
        }
    }

    /** Whether {@link #apply} changes anything. */
    public boolean edits() {
        return added.length > 0 || removed.length > 0;
    }
}
