package dev.gatehouse.controller.translate.objects;

/** References to objects as annotations and flags write them: {@code NAME} or {@code NAMESPACE/NAME}. */
public final class References {

    private static final String NAME = "[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?";
    private static final String NAMESPACE = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

    private References() {
    }

    /** {@code namespace/name} of {@code value}, or null when it is not {@code NAME} or {@code NAMESPACE/NAME}. */
    public static String parse(String value, String namespace) {
        String[] parts = value.trim().split("/", -1);
        if (parts.length == 1 && parts[0].matches(NAME)) {
            return namespace + "/" + parts[0];
        }
        if (parts.length == 2 && parts[0].matches(NAMESPACE) && parts[1].matches(NAME)) {
            return parts[0] + "/" + parts[1];
        }
        return null;
    }
}
