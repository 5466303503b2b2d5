package dev.gatehouse.proxy;

import java.time.Duration;

/** The checks the settings records make of their values, each failing with the setting's name, value and range. */
final class SettingChecks {

    private SettingChecks() {
    }

    static void requirePort(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " " + port + " is out of range (expected 0-65535, 0 for any free port)");
        }
    }

    static void requireAtLeast(String what, long value, long minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(what + " " + value + " must be at least " + minimum);
        }
    }

    static void requirePositive(String what, Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " " + duration + " must be a positive duration");
        }
    }
}
