package dev.gatehouse.controller.translate;

import dev.gatehouse.routing.TcpListener;

/** A TCP listener and who asked for it: a port's labels or the tcp-services ConfigMap. */
record TcpClaim(ObjectRef owner, String field, TcpListener listener) {
}
