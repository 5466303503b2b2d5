package dev.gatehouse.controller.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "gatehouse",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        versionProvider = GatehouseCommand.Version.class,
        description = {
                "Gatehouse: a Kubernetes ingress and edge router.",
                "Serves Ingress routes through a Netty reverse proxy whose configuration is swapped live, never reloaded."},
        subcommands = {RunCommand.class, DemoCommand.class, DnsCommand.class, LbCommand.class, MigrateCheckCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Start with 'gatehouse demo', then 'gatehouse run --help'."})
final class GatehouseCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = GatehouseCommand.class.getPackage().getImplementationVersion();
            return new String[] {"gatehouse " + (version == null ? "development build" : version)};
        }
    }
}
