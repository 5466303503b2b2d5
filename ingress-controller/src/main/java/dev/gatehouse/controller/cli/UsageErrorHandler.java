package dev.gatehouse.controller.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * Turns a usage error into one line: {@code gatehouse run: Invalid value for option '--http-port': ...},
 * with a suggestion for a mistyped option and a pointer to the command's help.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        StringBuilder line = new StringBuilder(command.getCommandSpec().qualifiedName())
                .append(": ").append(e.getMessage().replace(System.lineSeparator(), " ").trim());
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                line.append(" (did you mean ").append(String.join(" or ", suggestions)).append("?)");
            }
        }
        line.append(" (see '").append(command.getCommandSpec().qualifiedName()).append(" --help')");
        command.getErr().println(line);
        return 2;
    }
}
