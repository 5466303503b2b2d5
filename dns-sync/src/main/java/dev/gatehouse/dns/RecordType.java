package dev.gatehouse.dns;

import java.util.Locale;
import java.util.Optional;

/** The record types the sync writes; every other type in a zone is read past and never touched. */
public enum RecordType {
    A,
    AAAA,
    CNAME,
    TXT;

    /** The lower-case form external-dns puts in front of a registry TXT name ({@code a-}, {@code cname-}). */
    public String affix() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RecordType> parse(String text) {
        for (RecordType type : values()) {
            if (type.name().equalsIgnoreCase(text)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
