package dev.gatehouse.dns;

/**
 * A record set's identity: its owner name (lower case, no trailing dot) and type.
 *
 * @param name for example {@code www.example.com} or {@code *.apps.example.com}
 */
public record RecordKey(String name, RecordType type) implements Comparable<RecordKey> {

    public RecordKey {
        name = DnsNames.canonical(name);
    }

    @Override
    public int compareTo(RecordKey other) {
        int byName = name.compareTo(other.name);
        return byName != 0 ? byName : type.compareTo(other.type);
    }

    @Override
    public String toString() {
        return name + " " + type;
    }
}
