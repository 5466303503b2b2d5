package dev.gatehouse.proxy.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

class PasswordChecksTest {

    private static final String HASH = "{SHA}ohgYgF2kkgMlRbH1HlEDczlOc+M=";

    private final AtomicInteger calls = new AtomicInteger();
    private final BiPredicate<String, String> counting = (password, hash) -> {
        calls.incrementAndGet();
        return PasswordHashes.matches(password, hash);
    };

    @Test
    void a_successful_check_is_remembered_and_the_next_ones_are_answered_at_once() {
        try (PasswordChecks checks = new PasswordChecks(counting, 1, 8, Duration.ofMinutes(1))) {
            assertThat(checks.check("alice", "s3cret pass", HASH).orTimeout(5, TimeUnit.SECONDS).join())
                    .isEqualTo(PasswordChecks.Verdict.VALID);

            for (int i = 0; i < 50; i++) {
                CompletableFuture<PasswordChecks.Verdict> again = checks.check("alice", "s3cret pass", HASH);
                assertThat(again).isCompletedWithValue(PasswordChecks.Verdict.VALID);
            }
            assertThat(calls).hasValue(1);
            assertThat(checks.verifications()).isEqualTo(1);
        }
    }

    @Test
    void a_failed_check_is_not_remembered_and_never_opens_the_door() {
        try (PasswordChecks checks = new PasswordChecks(counting, 1, 8, Duration.ofMinutes(1))) {
            for (int i = 0; i < 3; i++) {
                assertThat(checks.check("alice", "guess", HASH).orTimeout(5, TimeUnit.SECONDS).join())
                        .isEqualTo(PasswordChecks.Verdict.INVALID);
            }

            assertThat(calls).hasValue(3);
        }
    }

    @Test
    void an_unknown_user_is_refused_after_a_check_against_the_decoy_hash_and_nothing_is_remembered() {
        try (PasswordChecks checks = new PasswordChecks(counting, 1, 8, Duration.ofMinutes(1))) {
            for (int i = 0; i < 2; i++) {
                assertThat(checks.refuseUnknown("s3cret pass", HASH).orTimeout(5, TimeUnit.SECONDS).join())
                        .isEqualTo(PasswordChecks.Verdict.INVALID);
            }
            assertThat(calls).hasValue(2);

            assertThat(checks.check("alice", "s3cret pass", HASH).orTimeout(5, TimeUnit.SECONDS).join())
                    .isEqualTo(PasswordChecks.Verdict.VALID);
            assertThat(calls).hasValue(3);
        }
    }

    @Test
    void another_user_password_or_hash_is_another_check() {
        try (PasswordChecks checks = new PasswordChecks(counting, 1, 8, Duration.ofMinutes(1))) {
            checks.check("alice", "s3cret pass", HASH).orTimeout(5, TimeUnit.SECONDS).join();
            PasswordChecks.Verdict otherUser = checks.check("bob", "s3cret pass", HASH).orTimeout(5, TimeUnit.SECONDS).join();
            PasswordChecks.Verdict otherHash = checks.check("alice", "s3cret pass", "{SHA}AAAAAAAAAAAAAAAAAAAAAAAAAAA=")
                    .orTimeout(5, TimeUnit.SECONDS).join();

            assertThat(otherUser).isEqualTo(PasswordChecks.Verdict.VALID);
            assertThat(otherHash).isEqualTo(PasswordChecks.Verdict.INVALID);
            assertThat(calls).hasValue(3);
        }
    }

    @Test
    void checks_run_off_the_calling_thread_and_concurrent_ones_of_the_same_credentials_share_one() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> threads = new ArrayList<>();
        BiPredicate<String, String> held = (password, hash) -> {
            synchronized (threads) {
                threads.add(Thread.currentThread().getName());
            }
            calls.incrementAndGet();
            awaitQuietly(release);
            return true;
        };
        try (PasswordChecks checks = new PasswordChecks(held, 1, 8, Duration.ofMinutes(1))) {
            CompletableFuture<PasswordChecks.Verdict> first = checks.check("alice", "pw", HASH);
            CompletableFuture<PasswordChecks.Verdict> second = checks.check("alice", "pw", HASH);

            assertThat(first).isNotDone();
            assertThat(second).isNotDone();
            release.countDown();

            assertThat(first.orTimeout(5, TimeUnit.SECONDS).join()).isEqualTo(PasswordChecks.Verdict.VALID);
            assertThat(second.orTimeout(5, TimeUnit.SECONDS).join()).isEqualTo(PasswordChecks.Verdict.VALID);
            assertThat(calls).hasValue(1);
            assertThat(threads).singleElement().asString().startsWith("gatehouse-auth-");
        }
    }

    @Test
    void when_the_pool_and_its_queue_are_full_a_check_is_refused_as_busy() {
        CountDownLatch release = new CountDownLatch(1);
        BiPredicate<String, String> held = (password, hash) -> {
            awaitQuietly(release);
            return true;
        };
        try (PasswordChecks checks = new PasswordChecks(held, 1, 1, Duration.ofMinutes(1))) {
            CompletableFuture<PasswordChecks.Verdict> running = checks.check("a", "pw", HASH);
            CompletableFuture<PasswordChecks.Verdict> queued = checks.check("b", "pw", HASH);
            CompletableFuture<PasswordChecks.Verdict> refused = checks.check("c", "pw", HASH);

            assertThat(refused).isCompletedWithValue(PasswordChecks.Verdict.BUSY);
            release.countDown();
            assertThat(running.orTimeout(5, TimeUnit.SECONDS).join()).isEqualTo(PasswordChecks.Verdict.VALID);
            assertThat(queued.orTimeout(5, TimeUnit.SECONDS).join()).isEqualTo(PasswordChecks.Verdict.VALID);
            assertThat(checks.check("c", "pw", HASH).orTimeout(5, TimeUnit.SECONDS).join()).isEqualTo(PasswordChecks.Verdict.VALID);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
