package dev.gatehouse.controller.runtime;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;

/** A {@link Timer} whose clock moves only when a test advances it, running each task due on the test's thread. */
final class ManualTimer implements Timer {

    private record Task(long due, long order, Runnable body) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(Comparator.comparingLong(Task::due).thenComparingLong(Task::order));
    private long now;
    private long order;
    private boolean closed;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
        if (!closed) {
            tasks.add(new Task(now + delayNanos, order++, task));
        }
    }

    /** Runs what is due now, including what those runs schedule for now. */
    void runDue() {
        advance(Duration.ZERO);
    }

    void advance(Duration by) {
        long until = now + by.toNanos();
        while (!tasks.isEmpty() && tasks.peek().due() <= until) {
            Task task = tasks.poll();
            now = Math.max(now, task.due());
            task.body().run();
        }
        now = until;
    }

    /** Moves the clock without running anything, as the time a task itself takes. */
    void spend(Duration time) {
        now += time.toNanos();
    }

    @Override
    public void close() {
        closed = true;
        tasks.clear();
    }
}
