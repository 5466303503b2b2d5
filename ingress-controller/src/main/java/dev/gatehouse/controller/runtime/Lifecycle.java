package dev.gatehouse.controller.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one list of a Gatehouse's running parts. Each part starts when it is handed over, after the ones
 * before it; {@link #stop()} stops them in the reverse order, so a part never outlives one it uses. If a
 * part fails to start, the ones already started are stopped before the failure is thrown.
 */
final class Lifecycle {

    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private final List<Component> running = new ArrayList<>();

    /** Starts {@code part} now; it is stopped before every part already running. */
    synchronized void start(Component part) {
        try {
            part.start();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.error("starting {} failed; stopping the {} part(s) already started", part.name(), running.size());
            stop();
            throw e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("starting " + part.name() + " failed: " + e.getMessage(), e);
        }
        running.add(part);
        log.debug("started {}", part.name());
    }

    /** Starts the part that {@code make} creates (most parts start in their constructor), and returns it. */
    <T> T start(String name, Callable<T> make, Consumer<T> stop) {
        Made<T> part = new Made<>(name, make, stop);
        start(part);
        return part.made;
    }

    /** The running parts' names, in the order they started. */
    synchronized List<String> names() {
        return running.stream().map(Component::name).toList();
    }

    /** Stops every running part, the last started first; a part that fails to stop does not keep the others running. */
    synchronized void stop() {
        for (int i = running.size() - 1; i >= 0; i--) {
            Component part = running.get(i);
            try {
                part.stop();
                log.debug("stopped {}", part.name());
            } catch (RuntimeException e) {
                log.warn("stopping {} failed: {}", part.name(), e.toString());
            }
        }
        running.clear();
    }

    private static final class Made<T> implements Component {

        private final String name;
        private final Callable<T> make;
        private final Consumer<T> stop;
        private T made;

        Made(String name, Callable<T> make, Consumer<T> stop) {
            this.name = name;
            this.make = make;
            this.stop = stop;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start() throws Exception {
            made = make.call();
        }

        @Override
        public void stop() {
            stop.accept(made);
        }
    }
}
