package dev.gatehouse.proxy.cyclefixture;

/** Used by {@link Caller}, and holds it. */
final class Callee {

    final Caller caller;

    Callee(Caller caller) {
        this.caller = caller;
    }
}
