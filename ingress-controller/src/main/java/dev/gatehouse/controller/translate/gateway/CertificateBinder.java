package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import java.util.List;

/** Serves {@code hosts} with the certificate of a TLS Secret; the translator's TLS Secrets implement it. */
public interface CertificateBinder {

    /** Binds {@code hosts} to Secret {@code name} of {@code namespace}, or reports on {@code owner} why not. */
    void bind(ObjectRef owner, String field, String namespace, String name, List<String> hosts, List<Warning> warnings);

    /**
     * Why the TLS Secret {@code name} of {@code namespace} cannot be served (its certificate or key unreadable, not a
     * pair, or not valid now), or null when it can.
     */
    String problem(String namespace, String name);
}
