package dev.gatehouse.controller.testing;

import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code gatehouse} command in a child JVM, on the test class path, with its own JVM options (a small
 * heap, say). Its standard output and error go to files that {@link #awaitOutput} searches. It runs with
 * {@code --log-format json}, and {@link #close} fails when a line it wrote to standard error (its log) is not a
 * JSON object with time, level, logger and message: every child-JVM test checks what log pipelines will read.
 */
public final class GatehouseProcess implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private GatehouseProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** @param args the subcommand (run, demo), then its options */
    public static GatehouseProcess start(Path workDir, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 24) {
            // as the launcher does: Netty's native transport and Unsafe use are expected
            command.add("--enable-native-access=ALL-UNNAMED");
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        command.addAll(List.of("--log-format", "json"));
        try {
            Path out = Files.createTempFile(workDir, "gatehouse-", ".out");
            Path err = Files.createTempFile(workDir, "gatehouse-", ".err");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            return new GatehouseProcess(process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for {@code regex} in standard output or error and returns its first group. */
    public String awaitOutput(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        String[] found = new String[1];
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("gatehouse exited with " + process.exitValue() + ": " + output());
            }
            Matcher matcher = pattern.matcher(output());
            if (matcher.find()) {
                found[0] = matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
                return true;
            }
            return false;
        });
        return found[0];
    }

    public String output() {
        try {
            return Files.readString(stdout, StandardCharsets.UTF_8) + Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Process process() {
        return process;
    }

    /** Stops the process, then checks that each line of its log (standard error) is a JSON log object. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        List<String> notJson = logLines().stream().filter(line -> !JsonLogLine.parses(line)).toList();
        if (!notJson.isEmpty()) {
            throw new AssertionError("gatehouse wrote log lines that are not JSON log objects (expected --log-format json):\n"
                    + String.join("\n", notJson));
        }
    }

    /** The lines of standard error, the log. */
    public List<String> logLines() {
        try {
            return Files.readAllLines(stderr, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
