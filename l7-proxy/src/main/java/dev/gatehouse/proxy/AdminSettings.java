package dev.gatehouse.proxy;

/**
 * Who may reach the admin port.
 *
 * @param bindAddress the address the admin port binds; null for the listeners' bind address
 * @param token       the bearer token every request but {@code /healthz} and {@code /readyz} must carry; null for none
 */
public record AdminSettings(String bindAddress, String token) {

    /** The listeners' bind address, and no token. */
    public static final AdminSettings OPEN = new AdminSettings(null, null);

    public AdminSettings {
        if (bindAddress != null && bindAddress.isBlank()) {
            throw new IllegalArgumentException("admin bind address is blank (expected an address, or none for the listeners')");
        }
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("admin token is blank (expected a token, or none)");
        }
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "AdminSettings[bindAddress=" + bindAddress + ", token=" + (token == null ? "none" : "set") + "]";
    }
}
