package dev.gatehouse.proxy.http;

import static dev.gatehouse.proxy.http.AcceptEncoding.BROTLI;
import static dev.gatehouse.proxy.http.AcceptEncoding.GZIP;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptEncodingTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" accepts {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "gzip, deflate, br            | 3",
        "GZIP;Q=1.000 , BR ;q=0.5     | 3",
        "x-gzip                       | 1",
        "br;q=0, gzip                 | 1",
        "gzip;q=0.000, br;q=1.0       | 2",
        "gzip;q=0.001                 | 1",
        "gzip;level=9;q=0.8           | 1",
        "gzip, gzip;q=0               | 0",
        "'gzip;q=1.5'                 | 0",
        "gzip;q=abc                   | 0",
        "gzip;q=                      | 0",
        "gzip;q=0.0001                | 0",
        "gzip;q=-1                    | 0",
        "'gzip;q=1.001'               | 0",
        "*                            | 0",
        "'*;q=1, identity'            | 0",
        "gzipp, brotli, zstd          | 0",
        "'gzip q=1'                   | 0",
        "',,,;;;q=,'                  | 0",
        "''                           | 0",
        "NULL                         | 0",
    })
    void acceptsTheNamedCodingsWithAWeightAboveZero(String value, int expected) {
        assertThat(AcceptEncoding.accepted(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0} repetitions")
    @CsvSource({"1", "1000", "100000"})
    void aLongValueIsReadToItsEnd(int repetitions) {
        String value = "identity;q=0.5, ".repeat(repetitions) + "br";

        assertThat(AcceptEncoding.accepted(value)).isEqualTo(BROTLI);
        assertThat(AcceptEncoding.accepted(value + ", gzip")).isEqualTo(BROTLI | GZIP);
    }
}
