package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import java.util.List;

/**
 * A certificate an Ingress asks to be ordered by ACME: one {@code spec.tls} entry of an Ingress that has
 * {@code gatehouse.dev/tls-acme: "true"} (or whose IngressClass has it).
 *
 * @param ingress    the Ingress asking, where problems are reported
 * @param namespace  the namespace of the Secret to keep the certificate in (the Ingress's)
 * @param secretName the entry's {@code secretName}
 * @param hosts      the entry's hosts, sorted, without repeats; the certificate names exactly these
 */
public record AcmeRequest(ObjectRef ingress, String namespace, String secretName, List<String> hosts)
        implements Comparable<AcmeRequest> {

    public AcmeRequest {
        hosts = hosts.stream().distinct().sorted().toList();
    }

    /** {@code namespace/secretName}. */
    public String secret() {
        return namespace + "/" + secretName;
    }

    @Override
    public int compareTo(AcmeRequest other) {
        return secret().compareTo(other.secret());
    }
}
