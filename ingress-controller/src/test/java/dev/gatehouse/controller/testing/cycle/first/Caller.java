package dev.gatehouse.controller.testing.cycle.first;

import dev.gatehouse.controller.testing.cycle.second.Callee;

/** One side of a deliberate package cycle, which ArchitectureTest shows its rules catch. */
public final class Caller {

    private Caller() {
    }

    public static int call() {
        return Callee.answer();
    }

    public static int base() {
        return 1;
    }
}
