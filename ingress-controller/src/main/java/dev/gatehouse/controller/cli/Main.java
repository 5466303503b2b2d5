package dev.gatehouse.controller.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** The {@code gatehouse} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code: 0 ok, 1 failed, 2 bad usage. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new GatehouseCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("gatehouse: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        return commandLine.execute(args);
    }
}
