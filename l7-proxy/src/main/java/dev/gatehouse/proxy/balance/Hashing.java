package dev.gatehouse.proxy.balance;

/**
 * A fast, well-mixed 64-bit hash of strings for consistent hashing: FNV-1a over the characters, then
 * MurmurHash3's finalizer so that keys differing in one character land far apart. Not for security.
 */
final class Hashing {

    private Hashing() {
    }

    static long hash(String value) {
        return hash(value, 0);
    }

    static long hash(String value, long seed) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (int i = 0; i < value.length(); i++) {
            h ^= value.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
