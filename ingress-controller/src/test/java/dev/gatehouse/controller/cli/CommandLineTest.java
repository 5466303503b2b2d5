package dev.gatehouse.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandLineTest {

    @TempDir
    Path directory;

    @Test
    void help_explains_every_flag_of_run() {
        Result result = run("run", "--help");

        assertThat(result.code).isZero();
        for (String flag : new String[] {"--manifests", "--http-port", "--https-port", "--admin-port", "--ingress-class",
                "--controller-class", "--bind-address", "--event-loop-threads", "--upstream-connect-timeout",
                "--upstream-read-timeout", "--debounce-hold-off", "--debounce-max-hold-off", "--max-connections",
                "--max-request-body-size", "--client-header-timeout", "--keep-alive-timeout", "--proxy-protocol",
                "--trusted-proxies", "--upstream-send-timeout", "--upstream-max-connections", "--upstream-max-attempts",
                "--outlier-consecutive-errors", "--outlier-ejection-time", "--outlier-max-ejection-percent", "--access-log",
                "--shutdown-drain-delay", "--shutdown-timeout", "--kubeconfig", "--watch-namespace", "--publish-service",
                "--publish-status-address", "--election-lease", "--election-namespace", "--https-redirect-port", "--[no-]hsts",
                "--hsts-max-age", "--[no-]hsts-include-subdomains", "--hsts-preload", "--default-certificate",
                "--default-certificate-file", "--default-key-file", "--group", "--strict-mode", "--tcp-services-configmap",
                "--marathon", "--marathon-credentials-file", "--marathon-token-file", "--marathon-resync", "--tcp-idle-timeout",
                "--http2-max-concurrent-streams", "--http2-stream-stall-timeout", "--admin-bind-address", "--admin-token-file",
                "--otlp-endpoint", "--trace-sample-ratio", "--request-body-temp-dir", "--udp-idle-timeout", "--udp-max-sessions", "--udp-services-configmap"}) {
            assertThat(result.out).containsPattern(java.util.regex.Pattern.quote(flag) + "[=\\s\\]]");
        }
        assertThat(result.out.replaceAll("\\s+", " ")).contains("(default: 8080").contains("(default: gatehouse)")
                .contains("(default: gatehouse.dev/ingress-controller)");
    }

    @Test
    void top_level_help_lists_the_commands() {
        Result result = run("--help");

        assertThat(result.code).isZero();
        assertThat(result.out).contains("run ").contains("demo ").contains("Start with 'gatehouse demo'");
    }

    @Test
    void version_prints_the_name_and_version() {
        Result result = run("--version");

        assertThat(result.code).isZero();
        assertThat(result.out).startsWith("gatehouse ");
    }

    @ParameterizedTest(name = "gatehouse run {0}")
    @CsvSource(delimiter = '|', value = {
            "--http-port abc                  | gatehouse run: Invalid value for option '--http-port': 'abc' is not a port (expected an integer from 0 to 65535, 0 for any free port) (see 'gatehouse run --help')",
            "--admin-port 70000               | gatehouse run: Invalid value for option '--admin-port': '70000' is not a port (expected an integer from 0 to 65535, 0 for any free port) (see 'gatehouse run --help')",
            "--event-loop-threads -1          | gatehouse run: Invalid value for option '--event-loop-threads': '-1' is not a count (expected an integer of 0 or more) (see 'gatehouse run --help')",
            "--upstream-read-timeout soon     | gatehouse run: Invalid value for option '--upstream-read-timeout': 'soon' is not a duration (expected a positive number with ms, s, m or h, e.g. 5s) (see 'gatehouse run --help')",
            "--max-request-body-size 1t       | gatehouse run: Invalid value for option '--max-request-body-size': '1t' is not a size (expected bytes or a number with k, m or g, e.g. 1m; 0 for no limit) (see 'gatehouse run --help')",
            "--htp-port=80                    | gatehouse run: Unknown option: '--htp-port=80' (did you mean --http-port or --https-port or --https-redirect-port or --http2-max-concurrent-streams or --http2-stream-stall-timeout?) (see 'gatehouse run --help')",
            "--manifests /no/such/dir         | gatehouse run: Invalid value for option '--manifests': '/no/such/dir' is not a directory (expected a directory of Kubernetes manifests) (see 'gatehouse run --help')",
            "--kubeconfig /no/such/file       | gatehouse run: Invalid value for option '--kubeconfig': '/no/such/file' is not a readable file (expected a kubeconfig file) (see 'gatehouse run --help')",
            "--watch-namespace Team_A         | gatehouse run: Invalid value for option '--watch-namespace': 'Team_A' is not a namespace name (expected lowercase letters, digits and '-') (see 'gatehouse run --help')",
            "--publish-service gatehouse      | gatehouse run: Invalid value for option '--publish-service': 'gatehouse' is not a Service reference (expected NAMESPACE/NAME) (see 'gatehouse run --help')",
            "--publish-status-address 300.1.2.3 | gatehouse run: Invalid value for option '--publish-status-address': '300.1.2.3' is neither an IP address nor a DNS name (expected e.g. 203.0.113.10, 2001:db8::10 or lb.example.com) (see 'gatehouse run --help')",
            "--publish-service a/b --publish-status-address 203.0.113.10 | gatehouse run: Options '--publish-service' and '--publish-status-address' cannot be used together (expected one of them) (see 'gatehouse run --help')",
            "--default-certificate tls        | gatehouse run: Invalid value for option '--default-certificate': 'tls' is not a Secret reference (expected NAMESPACE/SECRET) (see 'gatehouse run --help')",
            "--default-key-file key.pem       | gatehouse run: Options '--default-certificate-file' and '--default-key-file' go together (expected both) (see 'gatehouse run --help')",
            "--http2-max-concurrent-streams 0 | gatehouse run: Invalid value for option '--http2-max-concurrent-streams': '0' is too small (expected 1 or more) (see 'gatehouse run --help')",
            "--election-lease Leader          | gatehouse run: Invalid value for option '--election-lease': 'Leader' is not a Lease name (expected lowercase letters, digits and '-') (see 'gatehouse run --help')",
            "--log-format xml                 | gatehouse run: Invalid value for option '--log-format': 'xml' is not a log format (expected text or json) (see 'gatehouse run --help')",
            "--log-level tls=debug            | gatehouse run: Invalid value for option '--log-level' ([AREA=]LEVEL): 'tls=debug': unknown area 'tls' (expected one of acme, controller, dns, lb, proxy) (see 'gatehouse run --help')",
            "--log-level proxy=loud           | gatehouse run: Invalid value for option '--log-level' ([AREA=]LEVEL): 'proxy=loud': unknown level 'loud' (expected one of trace, debug, info, warn, error, off) (see 'gatehouse run --help')",
    })
    void a_bad_flag_or_value_exits_2_with_one_line_naming_the_flag_and_what_was_expected(String args, String message) {
        Result result = run(("run " + args).trim().split(" "));

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).isEqualTo(message + System.lineSeparator());
    }

    @Test
    void a_maximum_hold_off_below_the_hold_off_is_refused() {
        Result result = run("run", "--manifests", directory.toString(), "--debounce-hold-off", "2s", "--debounce-max-hold-off", "1s");

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).isEqualTo("gatehouse run: Invalid value for option '--debounce-max-hold-off': '1000ms' is "
                + "shorter than --debounce-hold-off (expected at least 2000ms) (see 'gatehouse run --help')" + System.lineSeparator());
    }

    @ParameterizedTest(name = "gatehouse run --manifests DIR {0}")
    @CsvSource(delimiter = '|', value = {
            "--access-log xml                     | gatehouse run: Invalid value for option '--access-log': 'xml' is not a format (expected json, combined or off) (see 'gatehouse run --help')",
            "--trusted-proxies 10.0.0.0/33        | gatehouse run: Invalid value for option '--trusted-proxies': \"10.0.0.0/33\" has a prefix length outside 0-32 (see 'gatehouse run --help')",
            "--trusted-proxies lb.example         | gatehouse run: Invalid value for option '--trusted-proxies': \"lb.example\" is not an IP address or CIDR range (expected e.g. 10.0.0.0/8) (see 'gatehouse run --help')",
            "--outlier-max-ejection-percent 150   | gatehouse run: Invalid value for option '--outlier-max-ejection-percent': '150' is not a percentage (expected 0 to 100) (see 'gatehouse run --help')",
            "--acme-directory ftp://ca.example/dir | gatehouse run: Invalid value for option '--acme-directory': 'ftp://ca.example/dir' is not an http or https URL (expected the URL of an ACME directory) (see 'gatehouse run --help')",
            "--acme-ca-file /no/such/ca.pem       | gatehouse run: Invalid value for option '--acme-ca-file': '/no/such/ca.pem' does not exist (expected a PEM file of CA certificates) (see 'gatehouse run --help')",
            "--group external,internal           | gatehouse run: Invalid value for option '--group': 'external,internal' is not a group name (expected a name such as external, or *; repeat --group for several) (see 'gatehouse run --help')",
            "--tcp-services-configmap tcp         | gatehouse run: Invalid value for option '--tcp-services-configmap': 'tcp' is not a ConfigMap reference (expected NAMESPACE/NAME) (see 'gatehouse run --help')",
            "--otlp-endpoint collector:4318       | gatehouse run: Invalid value for option '--otlp-endpoint': 'collector:4318' is not an http or https URL with a host (expected e.g. http://otel-collector:4318) (see 'gatehouse run --help')",
            "--trace-sample-ratio 1.5             | gatehouse run: Invalid value for option '--trace-sample-ratio': '1.5' is not a ratio (expected 0 to 1, e.g. 0.05) (see 'gatehouse run --help')",
            "--marathon ftp://marathon:8080       | gatehouse run: Invalid Marathon option: marathon URL \"ftp://marathon:8080\" must be absolute http or https (expected: http://host:8080) (see 'gatehouse run --help')",
            "--marathon-token-file token.txt      | gatehouse run: Options '--marathon-credentials-file' and '--marathon-token-file' need '--marathon URL' (see 'gatehouse run --help')",
            "--marathon http://m:8080 --marathon-token-file /no/such/token | gatehouse run: Invalid value for option '--marathon-token-file': '/no/such/token' is not a readable file (see 'gatehouse run --help')",
    })
    void a_value_checked_with_the_others_names_its_flag_too(String args, String message) {
        String[] all = ("run --manifests " + directory + " --http-port 0 --https-port 0 --admin-port 0 " + args).split(" ");
        Result result = run(all);

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).isEqualTo(message + System.lineSeparator());
    }

    @Test
    void a_default_certificate_file_that_is_not_a_certificate_is_refused_with_the_reason() throws IOException {
        Path certificate = java.nio.file.Files.writeString(directory.resolve("cert.pem"), "not a certificate");
        Path key = java.nio.file.Files.writeString(directory.resolve("key.pem"), "not a key");

        Result result = run("run", "--manifests", directory.toString(), "--default-certificate-file", certificate.toString(),
                "--default-key-file", key.toString());

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).isEqualTo("gatehouse run: Invalid value for option '--default-certificate-file': " + certificate
                + " with " + key + ": tls.crt holds no certificate (expected one or more PEM CERTIFICATE blocks) "
                + "(see 'gatehouse run --help')" + System.lineSeparator());
    }

    @Test
    void anAdminTokenFileWithoutATokenIsRefusedWithoutEchoingItsContent() throws IOException {
        Path empty = java.nio.file.Files.writeString(directory.resolve("empty-token"), "  \n");
        Path twoWords = java.nio.file.Files.writeString(directory.resolve("two-words"), "top secret\n");

        Result blank = run("run", "--manifests", directory.toString(), "--admin-token-file", empty.toString());
        Result spaced = run("run", "--manifests", directory.toString(), "--admin-token-file", twoWords.toString());
        Result missing = run("run", "--manifests", directory.toString(), "--admin-token-file", directory.resolve("none").toString());

        assertThat(blank.code).isEqualTo(2);
        assertThat(blank.err).isEqualTo("gatehouse run: Invalid value for option '--admin-token-file': '" + empty
                + "' does not hold a token (expected one line of visible ASCII characters) (see 'gatehouse run --help')"
                + System.lineSeparator());
        assertThat(spaced.err).contains("does not hold a token").doesNotContain("secret");
        assertThat(missing.err).contains("cannot be read (NoSuchFileException; expected a readable file)");
    }

    @Test
    void a_port_that_is_taken_exits_1_naming_the_address() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result result = run("run", "--manifests", directory.toString(), "--bind-address", "127.0.0.1",
                    "--http-port", Integer.toString(taken.getLocalPort()), "--https-port", "0", "--admin-port", "0");

            assertThat(result.code).isEqualTo(1);
            assertThat(result.err).startsWith("gatehouse: HTTP listener: cannot bind 127.0.0.1:" + taken.getLocalPort() + " (")
                    .endsWith("; expected a free port)" + System.lineSeparator());
        }
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
