package dev.gatehouse.controller.translate.objects;

/**
 * Something a translation left out, and why: what a Kubernetes Event on the object says.
 *
 * @param object  the object the warning is about
 * @param reason  a short CamelCase reason, as in an Event ({@code InvalidPath}, {@code ServiceNotFound}, ...)
 * @param message a sentence naming the object, the field, the value and what was expected
 */
public record Warning(ObjectRef object, String reason, String message) implements Comparable<Warning> {

    /** Reasons, one per kind of rejection. */
    public static final String INVALID_HOST = "InvalidHost";
    public static final String INVALID_PATH = "InvalidPath";
    public static final String INVALID_BACKEND = "InvalidBackend";
    public static final String UNSUPPORTED_BACKEND = "UnsupportedBackend";
    public static final String SERVICE_NOT_FOUND = "ServiceNotFound";
    public static final String SERVICE_PORT_NOT_FOUND = "ServicePortNotFound";
    public static final String ENDPOINT_PORT_NOT_FOUND = "EndpointPortNotFound";
    public static final String RULE_CONFLICT = "RuleConflict";
    /** A canary Ingress's path (or default backend) with no main rule that forwards it. */
    public static final String CANARY_WITHOUT_MAIN = "CanaryWithoutMainRule";
    public static final String DEFAULT_BACKEND_CONFLICT = "DefaultBackendConflict";
    /** An Ingress's upstream annotations for a Service port that an older Ingress already shapes differently. */
    public static final String UPSTREAM_CONFLICT = "UpstreamConflict";
    public static final String INVALID_ANNOTATION = "InvalidAnnotation";
    /** An annotation under our prefixes that Gatehouse does not know. */
    public static final String UNKNOWN_ANNOTATION = "UnknownAnnotation";
    /** An annotation that injects configuration text: refused by design. */
    public static final String REFUSED_ANNOTATION = "RefusedAnnotation";
    /** An ingress-nginx annotation this version does not read yet. */
    public static final String UNSUPPORTED_ANNOTATION = "UnsupportedAnnotation";
    public static final String TLS_SECRET_NOT_FOUND = "TLSSecretNotFound";
    public static final String INVALID_TLS_SECRET = "InvalidTLSSecret";
    public static final String ACME_UNSUPPORTED_HOST = "AcmeUnsupportedHost";
    /** A marathon-lb key whose value cannot be used. */
    public static final String INVALID_LABEL = "InvalidLabel";
    /** A marathon-lb template override: there is no configuration text to put it in. */
    public static final String REFUSED_LABEL = "RefusedLabel";
    /** A TCP port already taken by an older claim. */
    public static final String PORT_CONFLICT = "PortConflict";
    /** An entry of the tcp-services ConfigMap that cannot be used. */
    public static final String INVALID_TCP_SERVICE = "InvalidTCPService";
    /** An entry of the udp-services ConfigMap that cannot be used. */
    public static final String INVALID_UDP_SERVICE = "InvalidUDPService";
    /** A key of the global ConfigMap whose value cannot be used. */
    public static final String INVALID_CONFIG = "InvalidConfig";
    /** A key of the global ConfigMap that Gatehouse does not read. */
    public static final String UNSUPPORTED_CONFIG = "UnsupportedConfig";
    /** A setting of the global ConfigMap that is valid but weakens what clients can be told apart by. */
    public static final String INSECURE_CONFIG = "InsecureConfig";
    /** A key of the global ConfigMap that injects configuration text: refused by design. */
    public static final String REFUSED_CONFIG = "RefusedConfig";
    /** A Gateway API listener or route rule that needs what Gatehouse does not serve yet (docs/gateway-api.md). */
    public static final String UNSUPPORTED_GATEWAY_API = "UnsupportedGatewayAPI";
    /** Reported by the ACME controller, not the translator: an order failed, or the Secret is not ours to write. */
    public static final String ACME_ORDER_FAILED = "AcmeOrderFailed";
    public static final String ACME_SECRET_NOT_OURS = "AcmeSecretNotOurs";

    @Override
    public int compareTo(Warning other) {
        int byObject = object.compareTo(other.object);
        return byObject != 0 ? byObject : message.compareTo(other.message);
    }

    @Override
    public String toString() {
        return message;
    }
}
