package dev.gatehouse.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.Manifests;
import dev.gatehouse.dns.testing.BindServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/** {@code gatehouse dns plan} and {@code gatehouse dns sync} on a manifest directory, against a real BIND 9. */
class DnsCommandTest {

    @TempDir
    Path directory;

    private BindServer bind;
    private Path manifests;
    private Path secretFile;

    @BeforeEach
    void start() throws Exception {
        Path bindDirectory = Files.createDirectories(directory.resolve("bind"));
        bind = BindServer.start(bindDirectory, BindServer.Zone.of("edge.test"));
        manifests = Files.createDirectories(directory.resolve("manifests"));
        Files.writeString(manifests.resolve("web.yaml"), Manifests.service("web", 80, "127.0.0.1", 9999) + "---\n"
                + Manifests.ingress("web", "www.edge.test", "Prefix", "/", "web", 80));
        secretFile = directory.resolve("tsig.secret");
        Files.writeString(secretFile, bind.secret() + "\n");
    }

    @AfterEach
    void stop() {
        bind.close();
    }

    @Test
    void plan_prints_the_records_it_would_create_and_writes_nothing() throws Exception {
        Result result = run("plan");

        assertThat(result.code).as(result.err).isZero();
        assertThat(result.out).containsPattern("edge\\.test\\s+create\\s+www\\.edge\\.test\\s+A\\s+300\\s+203\\.0\\.113\\.5"
                + "\\s+ingress/default/web");
        assertThat(result.out).contains("plan only: nothing was written");
        assertThat(bind.values("www.edge.test", Type.A)).isEmpty();
    }

    @Test
    void sync_creates_the_records_once_and_a_second_sync_has_nothing_to_do() throws Exception {
        Result first = run("sync");

        assertThat(first.code).as(first.err).isZero();
        assertThat(bind.values("www.edge.test", Type.A)).containsExactly("203.0.113.5");
        assertThat(bind.values("a-www.edge.test", Type.TXT)).singleElement().asString().contains("external-dns/owner=edge");
        long serial = bind.serial("edge.test");

        Result second = run("sync");

        assertThat(second.out).contains("0 record sets to write, 0 left alone, in 1 zone")
                .contains("0 record set(s) written");
        assertThat(bind.serial("edge.test")).isEqualTo(serial);
    }

    @Test
    void a_wrong_policy_is_refused_with_the_values_expected() {
        Result result = run("plan", "--policy", "everything");

        assertThat(result.code).isNotZero();
        assertThat(result.err).contains("Invalid value for option '--policy': 'everything' (expected sync, upsert-only or "
                + "create-only)");
    }

    @Test
    void help_of_dns_plan_explains_every_dns_flag() {
        Result result = bare("dns", "plan", "--help");

        assertThat(result.code).isZero();
        for (String flag : new String[] {"--dns-provider", "--txt-owner-id", "--txt-prefix", "--txt-suffix", "--policy",
                "--domain-filter", "--zone-id-filter", "--provider-cache-time", "--dry-run", "--dns-interval",
                "--dns-max-delete-share", "--dns-delete-hold", "--rfc2136-server", "--rfc2136-zone", "--rfc2136-tsig-name",
                "--rfc2136-tsig-secret", "--rfc2136-tsig-secret-file", "--rfc2136-tsig-algorithm", "--aws-zone-type",
                "--aws-wait-for-change", "--azure-subscription-id", "--azure-tenant-id", "--azure-resource-group",
                "--manifests", "--publish-status-address"}) {
            assertThat(result.out).containsPattern(java.util.regex.Pattern.quote(flag) + "[=\\s\\]]");
        }
    }

    @Test
    void rfc2136_without_a_zone_is_refused_before_anything_starts() {
        Result result = bare("dns", "plan", "--manifests", manifests.toString(), "--dns-provider", "rfc2136",
                "--rfc2136-server", "127.0.0.1:" + bind.port());

        assertThat(result.code).isNotZero();
        assertThat(result.err).contains("rfc2136: expected at least one --rfc2136-zone");
    }

    @Test
    void an_unknown_provider_is_refused_with_the_providers_there_are() {
        Result result = bare("run", "--manifests", manifests.toString(), "--dns-provider", "godaddy");

        assertThat(result.code).isNotZero();
        assertThat(result.err).contains("Invalid value for option '--dns-provider': 'godaddy' (expected route53, azure or "
                + "rfc2136)");
    }

    private static Result bare(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private Result run(String command, String... extra) {
        List<String> args = new ArrayList<>(List.of("dns", command, "--manifests", manifests.toString(),
                "--publish-status-address", "203.0.113.5", "--dns-provider", "rfc2136",
                "--rfc2136-server", "127.0.0.1:" + bind.port(), "--rfc2136-zone", "edge.test",
                "--rfc2136-tsig-name", BindServer.KEY_NAME, "--rfc2136-tsig-secret-file", secretFile.toString(),
                "--txt-owner-id", "edge"));
        args.addAll(List.of(extra));
        return bare(args.toArray(String[]::new));
    }

    private record Result(int code, String out, String err) {
    }
}
