package dev.gatehouse.cloudlb.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Source ranges compare equal however they are spelled, so that a rule read back is never authorized twice. */
class AwsIngressRuleTest {

    @Test
    void hostBitsAreClearedAndABareAddressIsOneHost() {
        assertThat(IngressRule.canonical("10.1.2.3/8")).isEqualTo("10.0.0.0/8");
        assertThat(IngressRule.canonical(" 203.0.113.9 ")).isEqualTo("203.0.113.9/32");
        assertThat(IngressRule.canonical("0.0.0.0/0")).isEqualTo("0.0.0.0/0");
    }

    @Test
    void ipv6IsWrittenAsRfc5952WritesIt() {
        assertThat(IngressRule.canonical("2001:0DB8:0000:0000:0000:0000:0000:0001/32")).isEqualTo("2001:db8::/32");
        assertThat(IngressRule.canonical("2001:db8:0:1:0:0:0:1/128")).isEqualTo("2001:db8:0:1::1/128");
        assertThat(IngressRule.canonical("2001:db8:1:0:1:0:1:0/128")).isEqualTo("2001:db8:1:0:1:0:1:0/128");
        assertThat(IngressRule.canonical("::/0")).isEqualTo("::/0");
        assertThat(IngressRule.canonical("::1")).isEqualTo("::1/128");
    }

    @Test
    void rulesSpelledDifferentlyAreEqual() {
        assertThat(new IngressRule("tcp", 80, "2001:DB8::0/32")).isEqualTo(new IngressRule("tcp", 80, "2001:db8:0:0::/32"));
    }

    @Test
    void whatIsNotACidrIsRefusedNamingIt() {
        for (String wrong : new String[] {"10.0.0.0/33", "300.1.1.1/8", "example.com/24", "10.0.0/8", "10.0.0.0/x",
                "2001:db8::/129", "abc"}) {
            assertThatThrownBy(() -> IngressRule.canonical(wrong))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("\"" + wrong + "\" is not a CIDR (expected: 203.0.113.0/24 or 2001:db8::/32)");
        }
    }
}
