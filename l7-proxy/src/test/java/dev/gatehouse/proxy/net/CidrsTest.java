package dev.gatehouse.proxy.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrsTest {

    @Test
    void ipv4_and_ipv6_ranges_and_single_addresses_match_what_they_cover() {
        Cidrs cidrs = Cidrs.parse(List.of("10.0.0.0/8", "192.0.2.7", "2001:db8::/32"));

        assertThat(cidrs.contains("10.200.1.2")).isTrue();
        assertThat(cidrs.contains("192.0.2.7")).isTrue();
        assertThat(cidrs.contains("192.0.2.8")).isFalse();
        assertThat(cidrs.contains("2001:db8:ffff::1")).isTrue();
        assertThat(cidrs.contains("2001:db9::1")).isFalse();
        assertThat(cidrs.contains("not an address")).isFalse();
    }

    @Test
    void an_ipv4_mapped_ipv6_address_is_the_ipv4_address_it_maps() {
        Cidrs ipv4 = Cidrs.parse(List.of("10.0.0.0/8"));
        Cidrs mapped = Cidrs.parse(List.of("::ffff:192.0.2.0/120"));

        assertThat(ipv4.contains("::ffff:10.1.2.3")).isTrue();
        assertThat(ipv4.contains("::ffff:11.1.2.3")).isFalse();
        assertThat(mapped.contains("192.0.2.77")).isTrue();
        assertThat(mapped.contains("::ffff:192.0.2.77")).isTrue();
        assertThat(mapped.contains("192.0.3.1")).isFalse();
    }

    @Test
    void an_entry_that_is_no_address_or_range_is_refused_by_name() {
        assertThatThrownBy(() -> Cidrs.parse(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"10.0.0.0/33\"");
        assertThatThrownBy(() -> Cidrs.parse(List.of("office")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"office\"");
    }
}
