package dev.gatehouse.tls.acme;

import dev.gatehouse.logging.Causes;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Orders certificates from one ACME directory: the account is registered on first use (or found again
 * by its key, so a restart or another replica with the same key reuses it), each host is proved by
 * HTTP-01, and the certificate gets a new EC P-256 key. Asking for a certificate agrees to the
 * authority's terms of service. Every call blocks on the network.
 */
public final class AcmeClient {

    private final URI directory;
    private final String email;
    private final List<X509Certificate> trusted;
    private final Duration timeout;

    /**
     * @param directory the directory URL, e.g. Let's Encrypt's {@code https://acme-v02.api.letsencrypt.org/directory}
     * @param email     the account's contact, or null for none
     * @param trusted   CAs to check the directory's HTTPS certificate against; empty for the Java runtime's
     * @param timeout   how long to wait for a challenge to be validated, and for the order to be issued
     */
    public AcmeClient(URI directory, String email, List<X509Certificate> trusted, Duration timeout) {
        this.directory = directory;
        this.email = email;
        this.trusted = List.copyOf(trusted);
        this.timeout = timeout;
        AcmeKeys.install();
    }

    public URI directory() {
        return directory;
    }

    /**
     * Orders a certificate for {@code hosts} (the first becomes its subject) and waits until it is issued.
     *
     * @throws AcmeFailure with the authority's reason when an authorization, the order or a call fails
     */
    public IssuedCertificate order(KeyPair accountKey, List<String> hosts, ChallengeResponder responder)
            throws AcmeFailure, InterruptedException {
        List<String> published = new ArrayList<>();
        try {
            Session session = new Session(directory, new TrustingProvider(trusted));
            AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey);
            if (email != null) {
                builder.addEmail(email);
            }
            Account account = builder.create(session);
            Order order = account.newOrder().domains(hosts).create();
            for (Authorization authorization : order.getAuthorizations()) {
                if (authorization.getStatus() != Status.VALID) {
                    prove(authorization, responder, published);
                }
            }
            KeyPair certificateKey = AcmeKeys.generate();
            order.execute(certificateKey);
            if (order.waitForCompletion(timeout) != Status.VALID) {
                throw new AcmeFailure("the order for " + hosts + " ended " + order.getStatus()
                        + describe(order.getError().orElse(null)) + " (expected valid)");
            }
            Certificate certificate = order.getCertificate();
            StringWriter chain = new StringWriter();
            certificate.writeCertificate(chain);
            X509Certificate leaf = certificate.getCertificate();
            return new IssuedCertificate(chain.toString(), AcmeKeys.pem(certificateKey),
                    leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
        } catch (AcmeException e) {
            throw new AcmeFailure("ordering a certificate for " + hosts + " from " + directory + " failed: " + Causes.describe(e), e);
        } catch (IOException e) {
            throw new AcmeFailure("the certificate for " + hosts + " could not be read: " + e.getMessage(), e);
        } finally {
            published.forEach(responder::withdraw);
        }
    }

    private void prove(Authorization authorization, ChallengeResponder responder, List<String> published)
            throws AcmeException, AcmeFailure, InterruptedException {
        String host = authorization.getIdentifier().getDomain();
        Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow(() -> new AcmeFailure(
                "the authority offers no HTTP-01 challenge for " + host + " (expected http-01; wildcard hosts need DNS-01)"));
        responder.publish(challenge.getToken(), challenge.getAuthorization());
        published.add(challenge.getToken());
        challenge.trigger();
        if (challenge.waitForCompletion(timeout) != Status.VALID) {
            throw new AcmeFailure("the authority could not validate " + host + " by HTTP-01"
                    + describe(challenge.getError().orElse(null)));
        }
    }

    private static String describe(Problem problem) {
        if (problem == null) {
            return "";
        }
        return ": " + problem.getDetail().orElse(problem.getTitle().orElse("no detail")) + " (" + problem.getType() + ")";
    }
}
