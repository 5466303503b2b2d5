package dev.gatehouse.controller.cli;

import dev.gatehouse.controller.marathon.MarathonSettings;
import dev.gatehouse.controller.translate.TranslatorSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The flags of label routing (marathon-lb's names), the Marathon source and the TCP services ConfigMap. */
final class LabelOptions {

    private static final String REF = "[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-.a-z0-9]*[a-z0-9])?";

    @Option(names = "--group", paramLabel = "GROUP",
            description = "Route the Service ports and Marathon apps whose HAPROXY_GROUP (or HAPROXY_{n}_GROUP) lists this "
                    + "group; repeatable; * for every group (default: " + TranslatorSettings.DEFAULT_GROUP
                    + ", as marathon-lb's public load balancer).")
    List<String> groups = new ArrayList<>();

    @Option(names = "--strict-mode", defaultValue = "false",
            description = "Route only the ports with HAPROXY_{n}_ENABLED=true, as marathon-lb's --strict-mode (default: off, "
                    + "every port of the group unless HAPROXY_{n}_ENABLED=false).")
    boolean strictMode;

    @Option(names = "--tcp-services-configmap", paramLabel = "NAMESPACE/NAME",
            description = "ConfigMap of TCP services in ingress-nginx's format (\"3306\": \"default/db:3306\", optional "
                    + ":PROXY suffixes); standalone, a ConfigMap of that name in the manifest directory (default: none).")
    String tcpServices;

    @Option(names = "--udp-services-configmap", paramLabel = "NAMESPACE/NAME",
            description = "ConfigMap of UDP services in ingress-nginx's format (\"53\": \"kube-system/kube-dns:53\"); standalone, "
                    + "a ConfigMap of that name in the manifest directory (default: none).")
    String udpServices;

    @Option(names = "--marathon", paramLabel = "URL",
            description = "Also route the apps of this Marathon (repeatable: the URLs of one Marathon cluster, tried in order), "
                    + "following its event stream (default: none).")
    List<String> marathon = new ArrayList<>();

    @Option(names = "--marathon-credentials-file", paramLabel = "FILE",
            description = "File whose first line is USER:PASSWORD for Marathon's HTTP basic authentication.")
    Path marathonCredentials;

    @Option(names = "--marathon-token-file", paramLabel = "FILE",
            description = "File whose first line is a DC/OS authentication token, sent as Authorization: token=...")
    Path marathonToken;

    @Option(names = "--marathon-resync", paramLabel = "DURATION", converter = Converters.Time.class,
            description = "Read every Marathon app again this often, events or not (default: 5m, as marathon-lb with events).")
    Duration marathonResync;

    /** The translator settings with these groups and the TCP and UDP services ConfigMaps. */
    TranslatorSettings apply(CommandLine commandLine, TranslatorSettings translator) {
        if (tcpServices != null && !tcpServices.matches(REF)) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--tcp-services-configmap': '"
                    + tcpServices + "' is not a ConfigMap reference (expected NAMESPACE/NAME)");
        }
        if (udpServices != null && !udpServices.matches(REF)) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--udp-services-configmap': '"
                    + udpServices + "' is not a ConfigMap reference (expected NAMESPACE/NAME)");
        }
        for (String group : groups) {
            if (group.isBlank() || group.contains(",")) {
                throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--group': '" + group
                        + "' is not a group name (expected a name such as external, or *; repeat --group for several)");
            }
        }
        return translator.withLabels(groups.isEmpty() ? List.of(TranslatorSettings.DEFAULT_GROUP)
                : groups.stream().map(String::trim).toList(), strictMode, tcpServices).withUdpServices(udpServices);
    }

    /** How to read Marathon, absent when no --marathon is given. */
    Optional<MarathonSettings> marathon(CommandLine commandLine) {
        if (marathon.isEmpty()) {
            if (marathonCredentials != null || marathonToken != null) {
                throw new CommandLine.ParameterException(commandLine, "Options '--marathon-credentials-file' and "
                        + "'--marathon-token-file' need '--marathon URL'");
            }
            return Optional.empty();
        }
        if (marathonCredentials != null && marathonToken != null) {
            throw new CommandLine.ParameterException(commandLine, "Options '--marathon-credentials-file' and "
                    + "'--marathon-token-file' exclude each other (expected one way to authenticate)");
        }
        MarathonSettings settings;
        try {
            settings = MarathonSettings.of(marathon.toArray(String[]::new));
            if (marathonCredentials != null) {
                String line = firstLine(commandLine, "--marathon-credentials-file", marathonCredentials);
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--marathon-credentials-file': "
                            + "the first line of " + marathonCredentials + " is not USER:PASSWORD");
                }
                settings = settings.withCredentials(new MarathonSettings.Basic(line.substring(0, colon), line.substring(colon + 1)));
            } else if (marathonToken != null) {
                settings = settings.withCredentials(new MarathonSettings.Token(firstLine(commandLine, "--marathon-token-file",
                        marathonToken)));
            }
            if (marathonResync != null) {
                settings = settings.withResyncInterval(marathonResync);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "Invalid Marathon option: " + e.getMessage());
        }
        return Optional.of(settings);
    }

    private static String firstLine(CommandLine commandLine, String option, Path file) {
        if (!Files.isReadable(file)) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '" + option + "': '" + file
                    + "' is not a readable file");
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                throw new CommandLine.ParameterException(commandLine, "Invalid value for option '" + option + "': " + file
                        + " is empty");
            }
            return lines.get(0).strip();
        } catch (IOException e) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '" + option + "': cannot read "
                    + file + ": " + e.getMessage());
        }
    }
}
