package dev.gatehouse.proxy.filter;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.proxy.live.ProxyContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiPredicate;

/**
 * The password verification of basic auth, shared by every listener ({@link ProxyContext} holds one): the
 * hash is checked on a small bounded pool of its own, never on an event loop, and a successful check is
 * remembered for a short while, so a keep-alive client does not pay bcrypt on every request.
 *
 * <p>The cache key is a SHA-256 of user, password and hash: neither the password nor the hash is kept, a
 * changed hash is a new key, and concurrent requests with the same credentials share one check. Failed
 * checks are not remembered; when the pool and its queue are full a check is refused rather than queued
 * without bound.
 */
public final class PasswordChecks implements AutoCloseable {

    /**
     * The outcome of a check; UNAVAILABLE when the route's users could not be read, so nobody can be verified; FAILED
     * when the check itself broke (the request is answered 500, never let through).
     */
    enum Verdict { VALID, INVALID, BUSY, UNAVAILABLE, FAILED }

    private static final CompletableFuture<Verdict> BUSY = CompletableFuture.completedFuture(Verdict.BUSY);

    private final BiPredicate<String, String> verifier;
    private final ThreadPoolExecutor pool;
    // a present value is TRUE, or a check in progress; a failed check is removed
    private final AsyncCache<String, Boolean> verified;
    private final LongAdder verifications = new LongAdder();

    public PasswordChecks(BiPredicate<String, String> verifier, int threads, int queued, Duration remembered) {
        this.verifier = verifier;
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queued), task -> {
            Thread thread = new Thread(task, "gatehouse-auth-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // idle threads go away, so a proxy without basic auth routes keeps none
        pool.allowCoreThreadTimeOut(true);
        this.verified = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(remembered)
                .executor(Runnable::run)
                .buildAsync();
    }

    /** The checks of a proxy: real hashes, at most half the cores (up to 4) busy hashing. */
    public static PasswordChecks create() {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
        return new PasswordChecks(PasswordHashes::matches, threads, 256, Duration.ofMinutes(2));
    }

    /**
     * Checks {@code password} of {@code user} against {@code hash}. Safe on an event loop: what it does
     * there is one SHA-256 and a cache look-up. The future is already complete when the credentials were
     * verified recently; otherwise it completes on a thread of the pool.
     */
    CompletableFuture<Verdict> check(String user, String password, String hash) {
        String key = key(user, password, hash);
        CompletableFuture<Boolean> verification;
        try {
            verification = verified.get(key, (k, executor) -> CompletableFuture.supplyAsync(() -> verify(password, hash), pool));
        } catch (RejectedExecutionException full) {
            return BUSY;
        }
        return verification.handle((valid, failure) -> {
            if (Boolean.TRUE.equals(valid)) {
                return Verdict.VALID;
            }
            // at once, not when Caffeine gets to it: the next try with these credentials is checked again
            verified.asMap().remove(key, verification);
            return Verdict.INVALID;
        });
    }

    /**
     * Refuses the credentials of a user the route does not have, after checking the password against {@code decoy},
     * a hash of the route: that costs what a wrong password of a real user costs, so the time of the answer does not
     * tell which user names exist. Nothing is remembered, and the answer is INVALID whatever the check says.
     */
    CompletableFuture<Verdict> refuseUnknown(String password, String decoy) {
        try {
            return CompletableFuture.supplyAsync(() -> verify(password, decoy), pool).handle((matched, failure) -> Verdict.INVALID);
        } catch (RejectedExecutionException full) {
            return BUSY;
        }
    }

    private Boolean verify(String password, String hash) {
        verifications.increment();
        return verifier.test(password, hash);
    }

    /** How many hashes were computed: each cache miss costs one, each cache hit none. */
    public long verifications() {
        return verifications.sum();
    }

    private static String key(String user, String password, String hash) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {user, password, hash}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                // length-prefixed, so that no two different triples run together into the same bytes
                digest.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 8),
                        (byte) bytes.length});
                digest.update(bytes);
            }
            return Base64.getEncoder().encodeToString(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
