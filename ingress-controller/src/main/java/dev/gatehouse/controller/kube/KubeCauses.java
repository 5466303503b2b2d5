package dev.gatehouse.controller.kube;

import dev.gatehouse.logging.Causes;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.Client;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URL;
import java.util.Optional;

/**
 * What a Kubernetes API call's failure was, in words: the API server's answer as HTTP status, reason and message
 * (e.g. "HTTP 403 Forbidden: ingresses.networking.k8s.io is forbidden: User ... cannot list ..."), or, when no
 * answer came, the transport's cause as {@link Causes} names it (connection refused, name not resolved, certificate
 * not trusted), rather than fabric8's "Operation: [list] for kind: [Ingress] ... failed." wrapper.
 */
final class KubeCauses {

    private KubeCauses() {
    }

    static String describe(Throwable failure) {
        return Causes.describe(failure, KubeCauses::apiAnswer);
    }

    /** The cause, then the API server that was called: "connection refused (API server https://10.96.0.1:443/)". */
    static String describe(Throwable failure, String apiServer) {
        return describe(failure) + " (API server " + apiServer + ")";
    }

    /** The client's API server URL, without user information a kubeconfig could put in it. */
    static String apiServer(Client client) {
        URL url = client.getMasterUrl();
        return url.getProtocol() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + url.getPath();
    }

    private static Optional<String> apiAnswer(Throwable failure) {
        if (failure instanceof KubernetesClientException kube && kube.getCode() > 0) {
            Status status = kube.getStatus();
            String reason = status == null || status.getReason() == null ? "" : " " + status.getReason();
            String message = status == null || status.getMessage() == null ? kube.getMessage() : status.getMessage();
            return Optional.of("HTTP " + kube.getCode() + reason + ": " + message);
        }
        return Optional.empty();
    }
}
