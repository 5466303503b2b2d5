package dev.gatehouse.proxy.balance;

import dev.gatehouse.proxy.http.Cookies;
import dev.gatehouse.routing.HashKey;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Consistent hashing with Google's Maglev lookup table: each member fills table slots in its own
 * pseudo-random order until the table is full, so the members share the table evenly and removing one
 * moves the keys that were on it and, as Maglev trades for an even spread, only a few percent of the others. A request hashes its key to a slot; when that slot's member is
 * unavailable or already tried, the next slots are searched.
 */
final class Maglev implements EndpointSelector {

    static final int TABLE_SIZE = 65537;

    private final Member[] members;
    private final HashKey key;
    private final int[] table;

    Maglev(Member[] members, HashKey key) {
        this.members = members;
        this.key = key;
        this.table = members.length == 0 ? new int[0] : populate(members);
    }

    @Override
    public Choice select(SelectionRequest request, long now) {
        if (members.length == 0) {
            return null;
        }
        int slot = (int) Long.remainderUnsigned(Hashing.hash(keyOf(request)), TABLE_SIZE);
        Member first = members[table[slot]];
        if (!request.tried(first) && first.health().available(now)) {
            return new Choice(first, false);
        }
        Member fallback = null;
        for (int k = 1; k < TABLE_SIZE; k++) {
            Member member = members[table[(slot + k) % TABLE_SIZE]];
            if (member == first || request.tried(member)) {
                continue;
            }
            if (member.health().available(now)) {
                return new Choice(member, false);
            }
            if (fallback == null) {
                fallback = member;
            }
            if (k > members.length * 64) {
                break;
            }
        }
        if (!request.tried(first)) {
            return new Choice(first, true);
        }
        return fallback == null ? null : new Choice(fallback, true);
    }

    private String keyOf(SelectionRequest request) {
        HttpRequest http = request.request();
        String value;
        if (key instanceof HashKey.Header header) {
            value = http.headers().get(header.name());
        } else if (key instanceof HashKey.Cookie cookie) {
            value = Cookies.value(http.headers().get(HttpHeaderNames.COOKIE), cookie.name());
        } else if (key instanceof HashKey.ClientAddress) {
            value = request.clientAddress();
        } else if (key instanceof HashKey.RequestUri) {
            value = http.uri();
        } else {
            value = http.headers().get(HttpHeaderNames.HOST);
        }
        return value == null ? "" : value;
    }

    private static int[] populate(Member[] members) {
        int count = members.length;
        long[] offset = new long[count];
        long[] skip = new long[count];
        long[] next = new long[count];
        for (int i = 0; i < count; i++) {
            String name = members[i].endpoint().toString();
            offset[i] = Long.remainderUnsigned(Hashing.hash(name, 0x9e3779b97f4a7c15L), TABLE_SIZE);
            skip[i] = Long.remainderUnsigned(Hashing.hash(name, 0xc2b2ae3d27d4eb4fL), TABLE_SIZE - 1) + 1;
        }
        int[] table = new int[TABLE_SIZE];
        java.util.Arrays.fill(table, -1);
        int filled = 0;
        while (true) {
            for (int i = 0; i < count; i++) {
                int slot = (int) ((offset[i] + next[i] * skip[i]) % TABLE_SIZE);
                while (table[slot] >= 0) {
                    next[i]++;
                    slot = (int) ((offset[i] + next[i] * skip[i]) % TABLE_SIZE);
                }
                table[slot] = i;
                next[i]++;
                if (++filled == TABLE_SIZE) {
                    return table;
                }
            }
        }
    }
}
