package dev.gatehouse.controller.translate.labels;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import java.util.List;

/** Checks that a certificate a label names ({@code SSL_CERT}) exists and covers its hosts; the TLS Secrets implement it. */
@FunctionalInterface
public interface CertificateCheck {

    /** Binds {@code hosts} to Secret {@code value} (in {@code namespace} unless it names one), or reports why not. */
    void checkNamed(ObjectRef owner, String key, String namespace, String value, List<String> hosts, List<Warning> warnings);
}
