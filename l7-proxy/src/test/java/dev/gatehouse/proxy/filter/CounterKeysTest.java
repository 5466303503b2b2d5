package dev.gatehouse.proxy.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** memcached keys of global rate limits: ingress-nginx's layout for plain values, a hash for anything a client could abuse. */
class CounterKeysTest {

    /** What memcached's text protocol takes as a key: 1 to 250 bytes, no space and no control character. */
    private static final String SAFE = "[\\x21-\\x7e]{1,250}";

    @Test
    void anAddressIsKeptAsLuaRestyGlobalThrottleLaysItOut() {
        assertThat(CounterKeys.of("3f2a", "10.1.2.3", 28_000_123)).isEqualTo("3f2a.10.1.2.3.28000123.counter");
        assertThat(CounterKeys.of("3f2a", "2001:db8::1", 7)).isEqualTo("3f2a.2001:db8::1.7.counter");
    }

    @Test
    void valuesWithSpacesLineBreaksOrOtherBytesBecomeAHashThatMemcachedAccepts() {
        List<String> hostile = List.of("a b", "line\r\nset x 0 0 1\r\n", "tab\there", "nul\0byte", "ключ", "~", "");

        for (String value : hostile) {
            assertThat(CounterKeys.of("3f2a", value, 1)).matches(SAFE).startsWith("3f2a.~").endsWith(".1.counter");
        }
    }

    @Test
    void aValueTooLongForMemcachedIsHashedToAKeyOfAtMost250Bytes() {
        String namespace = "a".repeat(35);
        String longest = CounterKeys.of(namespace, "k".repeat(10_000), Long.MAX_VALUE);

        assertThat(longest).matches(SAFE).contains(".~");
        assertThat(CounterKeys.of(namespace, "k".repeat(180), 1)).hasSizeLessThanOrEqualTo(CounterKeys.MAX_KEY).doesNotContain("~");
    }

    @Test
    void noValueCanTakeTheKeyOfAnother() {
        String hashed = CounterKeys.of("ns", "a b", 1);
        String part = hashed.substring("ns.".length(), hashed.length() - ".1.counter".length());
        Set<String> keys = List.of("a b", "a_b", "a  b", part, "A B").stream().map(value -> CounterKeys.of("ns", value, 1))
                .collect(Collectors.toSet());

        assertThat(keys).hasSize(5);
    }
}
