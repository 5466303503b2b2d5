package dev.gatehouse.proxy.cyclefixture;

/** Uses {@link Callee}, which uses it back. */
public final class Caller {

    final Callee callee = new Callee(this);
}
