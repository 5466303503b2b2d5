package dev.gatehouse.controller.translate.objects;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The text of a Secret's entries. */
public final class SecretData {

    private SecretData() {
    }

    /** The value under {@code key}: from data (base64, as the API server stores it) or stringData (as manifests may write it). */
    public static String text(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().get(key) != null) {
            try {
                return new String(Base64.getMimeDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "";
            }
        }
        String value = secret.getStringData() == null ? null : secret.getStringData().get(key);
        return value == null ? "" : value;
    }
}
