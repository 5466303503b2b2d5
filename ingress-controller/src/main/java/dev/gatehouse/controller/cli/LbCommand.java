package dev.gatehouse.controller.cli;

import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerPlan;
import dev.gatehouse.cloudlb.LoadBalancerPlanTable;
import dev.gatehouse.cloudlb.reconciler.LoadBalancerPlans;
import dev.gatehouse.cloudsdk.SdkCauses;
import dev.gatehouse.controller.runtime.LoadBalancerSetup;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "lb",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {"Shows what the load-balancer sync would do (see docs/load-balancers.md).",
                "'gatehouse run' with the same --cloud and --lb-* flags does it continuously."},
        subcommands = {LbCommand.Plan.class, CommandLine.HelpCommand.class})
final class LbCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The next loop's changes, read from the cluster and the cloud and written nowhere: besides making only read calls,
     * the cloud clients run in dry-run mode, which stops any write before it is sent.
     */
    @Command(name = "plan", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "Prints the changes the next load-balancer loop would make, per Service and cloud resource, "
                    + "as a table; changes nothing.")
    static final class Plan implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        KubernetesOptions kubernetes;

        @Mixin
        CloudOptions cloud;

        @Mixin
        DnsOptions shared;

        @Mixin
        LogOptions logs;

        @Override
        public Integer call() throws Exception {
            logs.apply();
            CommandLine commandLine = spec.commandLine();
            shared.dryRun = true;
            LoadBalancerSetup setup = cloud.setup(commandLine, shared).orElseThrow(() ->
                    new CommandLine.ParameterException(commandLine, "Missing option '--cloud' (expected aws, azure or "
                            + "pool, or --lb-address-pool)"));
            try (AutoCloseable clients = setup.clients(); KubernetesClient client = kubernetes.client(commandLine)) {
                List<LoadBalancerPlan> plans = LoadBalancerPlans.next(client, setup.provider(), setup.settings());
                commandLine.getOut().print(LoadBalancerPlanTable.render(plans));
                commandLine.getOut().println("plan only: nothing was written");
                commandLine.getOut().flush();
                return 0;
            } catch (KubernetesClientException e) {
                commandLine.getErr().println("gatehouse lb: reading the cluster failed: " + SdkCauses.describe(e));
                return 1;
            } catch (LoadBalancerException e) {
                commandLine.getErr().println("gatehouse lb: " + e.getMessage());
                return 1;
            }
        }
    }
}
