package dev.gatehouse.controller.translate.labels;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.TcpListener;

/** A TCP listener and who asked for it: a port's labels or the tcp-services ConfigMap. */
public record TcpClaim(ObjectRef owner, String field, TcpListener listener) {
}
