package dev.gatehouse.proxy.filter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.gatehouse.proxy.live.ProxyContext;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The subrequests of external authentication, shared by every listener ({@link ProxyContext} holds one): the JDK
 * HTTP client, asynchronous on two threads of its own and never on an event loop, with at most
 * {@value #IN_FLIGHT} subrequests in flight (more are answered {@link Answer#BUSY} rather than queued), a
 * connection timeout of {@value #CONNECT_SECONDS} s and an answer timeout of {@value #ANSWER_SECONDS} s for the whole
 * answer, body included, and a bounded cache of answers for the routes that ask for one. The client starts with the
 * first subrequest, so a proxy without external auth keeps no thread for it.
 */
public final class ExternalAuthClient implements AutoCloseable {

    static final int IN_FLIGHT = 512;
    static final int CONNECT_SECONDS = 5;
    public static final int ANSWER_SECONDS = 10;

    /**
     * What the auth service answered: its status (0 when it could not be asked or did not answer in time) and the
     * headers the route takes from it, by lower-case name, and each of its Set-Cookie headers (kept apart: joined with
     * commas, as other repeated headers are, cookies would run into each other's attributes).
     */
    record Answer(int status, Map<String, String> headers, List<String> cookies) {
        static final Answer FAILED = new Answer(0, Map.of(), List.of());
        static final Answer BUSY = new Answer(-1, Map.of(), List.of());
    }

    private final Duration answerTimeout;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final Cache<String, Cached> cache = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfter(new Expiry<String, Cached>() {
                @Override
                public long expireAfterCreate(String key, Cached value, long now) {
                    return value.kept().toNanos();
                }

                @Override
                public long expireAfterUpdate(String key, Cached value, long now, long current) {
                    return value.kept().toNanos();
                }

                @Override
                public long expireAfterRead(String key, Cached value, long now, long current) {
                    return current;
                }
            })
            .executor(Runnable::run)
            .build();
    private ExecutorService executor;
    // read without a lock on every subrequest, from every event loop; written once, under the lock
    private volatile HttpClient client;
    private boolean closed;

    private record Cached(Answer answer, Duration kept) {
    }

    public ExternalAuthClient() {
        this(Duration.ofSeconds(ANSWER_SECONDS));
    }

    /** @param answerTimeout how long a whole answer may take, from the subrequest's start to its body's end */
    public ExternalAuthClient(Duration answerTimeout) {
        this.answerTimeout = answerTimeout;
    }

    /**
     * Sends {@code subrequest}, or answers from the cache.
     *
     * @param cacheKey where its answer is cached (null for not at all)
     * @param kept     how long an answer of a status is cached; null for not at all
     * @param keep     the lower-case names of the headers the answer keeps
     */
    CompletableFuture<Answer> ask(HttpRequest subrequest, String cacheKey, IntFunction<Duration> kept, List<String> keep) {
        if (cacheKey != null) {
            Cached cached = cache.getIfPresent(cacheKey);
            if (cached != null) {
                return CompletableFuture.completedFuture(cached.answer());
            }
        }
        HttpClient http = client();
        if (http == null || !inFlight.tryAcquire()) {
            return CompletableFuture.completedFuture(Answer.BUSY);
        }
        try {
            CompletableFuture<HttpResponse<Void>> sent = http.sendAsync(subrequest, HttpResponse.BodyHandlers.discarding());
            // The JDK's request timeout stops counting once the answer's head is in: a body that never ends would hold
            // the request, its rate-limit slot and a permit forever. The deadline covers the whole answer; the copy
            // times out, so that the exchange itself can still be cancelled and its connection closed.
            return sent.copy().orTimeout(answerTimeout.toNanos(), TimeUnit.NANOSECONDS)
                    .handle((response, failure) -> {
                        inFlight.release();
                        if (failure != null) {
                            sent.cancel(true);
                            return Answer.FAILED;
                        }
                        Answer answer = answer(response, keep);
                        // as nginx's cache, which never keeps an answer that sets a cookie: one client's session is
                        // never handed to another that shares the cache key
                        Duration duration = cacheKey == null || !answer.cookies().isEmpty() ? null : kept.apply(answer.status());
                        if (duration != null) {
                            cache.put(cacheKey, new Cached(answer, duration));
                        }
                        return answer;
                    });
        } catch (RuntimeException refused) {
            inFlight.release();
            return CompletableFuture.completedFuture(Answer.FAILED);
        }
    }

    private static Answer answer(HttpResponse<?> response, List<String> keep) {
        Map<String, String> headers = new TreeMap<>();
        for (String name : keep) {
            List<String> values = response.headers().allValues(name);
            if (!values.isEmpty()) {
                headers.put(name, String.join(", ", values));
            }
        }
        return new Answer(response.statusCode(), Map.copyOf(headers), List.copyOf(response.headers().allValues("set-cookie")));
    }

    private HttpClient client() {
        HttpClient http = client;
        return http != null ? http : start();
    }

    /** The client, made by the first subrequest; null when the proxy closed before any. */
    private synchronized HttpClient start() {
        if (client == null && !closed) {
            AtomicInteger count = new AtomicInteger();
            executor = Executors.newFixedThreadPool(2, task -> {
                Thread thread = new Thread(task, "gatehouse-external-auth-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(CONNECT_SECONDS))
                    .executor(executor)
                    .build();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (executor != null) {
            // the client's own selector thread is a daemon and ends with the client
            executor.shutdownNow();
        }
    }
}
