package dev.gatehouse.logging;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * An exception chain in the words an operator acts on. Wrappers ("Network error", "ExecutionException") say
 * nothing; the cause that does is usually deep in the chain, and often a JDK type whose own message is cryptic
 * ("PKIX path building failed"). The deepest cause that can be named wins; SDKs' service exceptions are named by
 * the describers their callers pass (status, error code, message), since this module depends on no SDK.
 */
public final class Causes {

    private Causes() {
    }

    /**
     * What went wrong, e.g. "certificate not trusted: subject CN=pebble (trust store: the 1 CA given)", "name not
     * resolved: acme.example", "connection refused", "HTTP 403 AccessDenied: not authorized".
     *
     * @param describers tried on each exception of the chain before the JDK's types; each returns empty when it
     *                   does not know the exception
     */
    @SafeVarargs
    public static String describe(Throwable failure, Function<Throwable, Optional<String>>... describers) {
        List<Throwable> chain = chain(failure);
        for (Throwable cause : chain) {
            if (cause instanceof NamingTrustManager.NotTrusted) {
                return cause.getMessage();
            }
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            Throwable cause = chain.get(i);
            for (Function<Throwable, Optional<String>> describer : describers) {
                Optional<String> words = describer.apply(cause);
                if (words.isPresent()) {
                    return words.get();
                }
            }
            String words = jdk(cause);
            if (words != null) {
                return words;
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** The exception and its causes, outermost first; a cycle ends it. */
    public static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable cause = failure; cause != null && seen.put(cause, true) == null; cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }

    private static String jdk(Throwable cause) {
        if (cause instanceof CertPathBuilderException || cause instanceof CertPathValidatorException) {
            // which trust store refused it is only known to the client that set it up: NamingTrustManager names it
            return "certificate not trusted: " + cause.getMessage();
        }
        if (cause instanceof CertificateException) {
            return "certificate refused: " + cause.getMessage();
        }
        if (cause instanceof SSLException) {
            return "TLS failed: " + cause.getMessage();
        }
        if (cause instanceof UnknownHostException) {
            return "name not resolved: " + cause.getMessage();
        }
        if (cause instanceof NoRouteToHostException) {
            return "no route to host" + detail(cause);
        }
        if (cause instanceof ConnectException) {
            String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("timed out")) {
                return "connection timed out" + detail(cause);
            }
            // java.net.http reports a refused connection as a ConnectException without a message
            return "connection refused" + (cause.getMessage() == null || message.equals("connection refused") ? "" : detail(cause));
        }
        if (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException) {
            return "timed out" + detail(cause);
        }
        return null;
    }

    private static String detail(Throwable cause) {
        return cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")";
    }
}
