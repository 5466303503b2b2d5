package dev.gatehouse.logging;

import java.nio.file.Files;
import java.nio.file.Path;

/** Which trust store the Java runtime checks server certificates against when none is given. */
final class TrustStores {

    private TrustStores() {
    }

    /** E.g. "the Java runtime's default, /usr/lib/jvm/java-17/lib/security/cacerts". */
    static String describeDefault() {
        String configured = System.getProperty("javax.net.ssl.trustStore");
        if (configured != null && !configured.isEmpty()) {
            return "javax.net.ssl.trustStore " + configured;
        }
        Path security = Path.of(System.getProperty("java.home"), "lib", "security");
        Path jsse = security.resolve("jssecacerts");
        return "the Java runtime's default, " + (Files.exists(jsse) ? jsse : security.resolve("cacerts"));
    }
}
