package dev.gatehouse.controller.testing.cycle.second;

import dev.gatehouse.controller.testing.cycle.first.Caller;

/** The other side of the deliberate package cycle. */
public final class Callee {

    private Callee() {
    }

    public static int answer() {
        return Caller.base() + 1;
    }
}
