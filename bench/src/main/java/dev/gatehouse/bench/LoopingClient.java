package dev.gatehouse.bench;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/** A client looping over the routes present at the start, counting every answer other than 200. */
final class LoopingClient {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private Thread thread;

    /** @param target the host and path of route {@code i} of {@code routes} */
    static LoopingClient start(ProxyProbe probe, int routes, IntFunction<String[]> target) {
        LoopingClient loop = new LoopingClient();
        loop.thread = new Thread(() -> {
            int i = 0;
            while (loop.running.get()) {
                String[] hostAndPath = target.apply(i++ % routes);
                int status = probe.status(hostAndPath[0], hostAndPath[1]);
                loop.requests.incrementAndGet();
                if (status != 200) {
                    loop.failures.incrementAndGet();
                    System.out.printf("looping client: %s%s answered %d%n", hostAndPath[0], hostAndPath[1], status);
                }
            }
        }, "looping-client");
        loop.thread.start();
        return loop;
    }

    /** Stops, prints the counts and says whether any request failed. */
    boolean stopAndReport() throws InterruptedException {
        running.set(false);
        thread.join();
        System.out.printf("looping client: %,d requests, %d failed%n", requests.get(), failures.get());
        return failures.get() > 0;
    }
}
