package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.TlsBinding;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the {@code spec.tls} entries of our Ingresses into TLS bindings, host by host. Each
 * {@code secretName} must name a usable TLS Secret in the Ingress's namespace: present, of type
 * {@code kubernetes.io/tls}, with PEM text under {@code tls.crt} and {@code tls.key}. What is wrong
 * becomes a warning (and, in a cluster, an Event on the Ingress); a host already bound by an older
 * Ingress keeps that binding. An entry without a secret, or without hosts, binds nothing: those hosts
 * get the default certificate.
 */
final class TlsSecrets {

    static final String TLS_TYPE = "kubernetes.io/tls";

    private final Map<String, Secret> secrets = new HashMap<>();
    private final Map<HostPattern, ObjectRef> boundBy = new HashMap<>();
    private final List<TlsBinding> bindings = new ArrayList<>();

    TlsSecrets(ClusterView view) {
        for (Secret secret : view.secrets()) {
            secrets.put(Metadata.namespace(secret) + "/" + secret.getMetadata().getName(), secret);
        }
    }

    void check(ObjectRef owner, String namespace, List<IngressTLS> entries, List<Warning> warnings) {
        for (int i = 0; i < entries.size(); i++) {
            String name = entries.get(i).getSecretName();
            if (name == null || name.isEmpty()) {
                continue;
            }
            String field = owner + ": spec.tls[" + i + "].secretName: ";
            Secret secret = secrets.get(namespace + "/" + name);
            if (secret == null) {
                warnings.add(new Warning(owner, Warning.TLS_SECRET_NOT_FOUND, field + "secret \"" + name + "\" not found in namespace "
                        + namespace + " (expected a Secret of type " + TLS_TYPE + ")"));
                continue;
            }
            String problem = problem(secret);
            if (problem != null) {
                warnings.add(new Warning(owner, Warning.INVALID_TLS_SECRET, field + "secret " + namespace + "/" + name + " " + problem));
                continue;
            }
            bind(owner, i, entries.get(i).getHosts(), namespace + "/" + name, fingerprint(secret), warnings);
        }
    }

    /** The bindings made so far, oldest Ingress first. */
    List<TlsBinding> bindings() {
        return List.copyOf(bindings);
    }

    private void bind(ObjectRef owner, int index, List<String> hosts, String secret, String fingerprint, List<Warning> warnings) {
        if (hosts == null) {
            return;
        }
        for (int j = 0; j < hosts.size(); j++) {
            String host = hosts.get(j);
            String field = owner + ": spec.tls[" + index + "].hosts[" + j + "]: host \"" + host + "\" ";
            String problem = host == null || host.isEmpty() ? "is empty (expected a DNS name)" : HostNames.problem(host);
            if (problem != null) {
                warnings.add(new Warning(owner, Warning.INVALID_HOST, field + problem));
                continue;
            }
            HostPattern pattern = HostPattern.of(host);
            ObjectRef older = boundBy.putIfAbsent(pattern, owner);
            if (older != null) {
                if (!older.equals(owner)) {
                    warnings.add(new Warning(owner, Warning.RULE_CONFLICT, field + "already has a certificate from " + older
                            + ", which is older (expected one TLS Secret per host; the oldest wins)"));
                }
                continue;
            }
            bindings.add(new TlsBinding(pattern, secret, fingerprint));
        }
    }

    /** A digest of the certificate and key as stored, so that a rotated Secret is a changed binding. */
    private static String fingerprint(Secret secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(text(secret, "tls.crt").getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(text(secret, "tls.key").getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String problem(Secret secret) {
        if (!TLS_TYPE.equals(secret.getType())) {
            return "has type \"" + secret.getType() + "\" (expected " + TLS_TYPE + ")";
        }
        for (String key : List.of("tls.crt", "tls.key")) {
            String text = text(secret, key);
            if (text == null || text.isBlank()) {
                return "has no " + key + " (expected PEM text under data[" + key + "])";
            }
            if (!text.contains("-----BEGIN ")) {
                return "has no PEM block in " + key + " (expected text starting with -----BEGIN)";
            }
        }
        return null;
    }

    /** The value under {@code key}: from data (base64, as the API server stores it) or stringData (as manifests may write it). */
    private static String text(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().get(key) != null) {
            try {
                return new String(Base64.getMimeDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return secret.getStringData() == null ? null : secret.getStringData().get(key);
    }
}
