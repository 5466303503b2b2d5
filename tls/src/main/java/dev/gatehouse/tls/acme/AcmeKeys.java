package dev.gatehouse.tls.acme;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.shredzone.acme4j.util.KeyPairUtils;

/** Key pairs for ACME accounts and certificates: EC P-256, kept as PEM text. */
public final class AcmeKeys {

    static {
        // acme4j reads and writes keys and signs requests through the Bouncy Castle provider by name
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    private AcmeKeys() {
    }

    /** Makes sure the provider acme4j needs is installed; every entry point of this package calls it. */
    static void install() {
        // the static initializer did the work
    }

    public static KeyPair generate() {
        return KeyPairUtils.createECKeyPair("secp256r1");
    }

    public static String pem(KeyPair keys) {
        StringWriter out = new StringWriter();
        try {
            KeyPairUtils.writeKeyPair(keys, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException when the text holds no key pair */
    public static KeyPair read(String pem) {
        try {
            return KeyPairUtils.readKeyPair(new StringReader(pem));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a PEM key pair (expected an EC or RSA private key): " + e.getMessage(), e);
        }
    }
}
