package dev.gatehouse.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.Kubeconfigs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The load-balancer flags of {@code gatehouse run}: documented, and refused with the value expected. */
class CloudOptionsTest {

    @TempDir
    Path directory;

    @Test
    void help_explains_every_load_balancer_flag() {
        Result result = run("run", "--help");

        for (String flag : new String[] {"--cloud", "--cluster-name", "--default-load-balancer-class",
                "--lb-address-pool", "--lb-resync", "--aws-region", "--aws-load-balancer-type",
                "--azure-lb-resource-group", "--azure-location", "--azure-virtual-network-id",
                "--azure-internal-subnet-id", "--azure-security-group-id"}) {
            assertThat(result.out).containsPattern(java.util.regex.Pattern.quote(flag) + "[=\\s\\]]");
        }
    }

    @ParameterizedTest(name = "gatehouse run {0}")
    @CsvSource(delimiter = '|', value = {
            "--cloud gce                                  | Invalid value for option '--cloud': 'gce' (expected aws, azure, pool or none)",
            "--cloud pool --lb-address-pool 10.0.0.0/33   | --lb-address-pool entry \"10.0.0.0/33\" is not a CIDR, a range or an address",
            "--cloud pool                                 | --lb-address-pool is empty (expected CIDRs or ranges of addresses)",
            "--cloud azure --azure-location westeurope    | --cloud azure needs --azure-subscription-id, --azure-lb-resource-group, --azure-location and --azure-virtual-network-id",
            "--cloud aws --aws-region eu-west-1 --aws-load-balancer-type alb | Invalid value for option '--aws-load-balancer-type': 'alb' (expected nlb or elb)"})
    void a_bad_value_is_refused_naming_the_flag_and_what_was_expected(String args, String message) throws Exception {
        Result result = run(("run --kubeconfig " + kubeconfig() + " " + args).split("\\s+"));

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains(message);
    }

    @Test
    void a_cloud_with_a_manifest_directory_is_refused() {
        Result result = run("run", "--manifests", directory.toString(), "--cloud", "pool", "--lb-address-pool",
                "10.0.0.0/30");

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("Option '--cloud pool' needs a cluster");
    }

    private String kubeconfig() throws Exception {
        return Kubeconfigs.write(directory, "http://127.0.0.1:1").toString();
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private record Result(int code, String out, String err) {
    }
}
