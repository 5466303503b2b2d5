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
        install();
    }

    private AcmeKeys() {
    }

    /** acme4j reads and writes keys and signs requests through the Bouncy Castle provider, by name. */
    static synchronized void install() {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
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
