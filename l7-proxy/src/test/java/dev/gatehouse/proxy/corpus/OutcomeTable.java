package dev.gatehouse.proxy.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * The corpus outcome table in Markdown, and the {@code ## Differential corpus} section of docs/security.md
 * that holds it: the section is replaced whole, the rest of the file left as it is.
 */
public final class OutcomeTable {

    static final String HEADING = "## Differential corpus";

    private OutcomeTable() {
    }

    public static String markdown(Collection<OutcomeRow> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| Entry | What is odd | Strict parser | Gatehouse | nginx | HAProxy | Rule |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (OutcomeRow row : rows) {
            out.append("| `").append(row.entry().id()).append("` | ")
                    .append(cell(row.entry().description())).append(" | ")
                    .append(cell(row.strict().summary())).append(" | ")
                    .append(cell(row.gatehouse().summary(row.strict()))).append(" | ")
                    .append(cell(row.nginx().summary(row.strict()))).append(" | ")
                    .append(cell(row.haproxy().summary(row.strict()))).append(" | ")
                    .append(row.problems().isEmpty() ? "met" : "**broken**").append(" |\n");
        }
        return out.toString();
    }

    /** The whole docs/security.md section: how the table is made and read, then the table. */
    public static String section(int entries, String peers, Collection<OutcomeRow> rows) {
        long broken = rows.stream().filter(row -> !row.problems().isEmpty()).count();
        return HEADING + "\n\n" + """
                `DifferentialCorpusTest` (l7-proxy) sends each of the %d entries of
                `l7-proxy/src/test/resources/smuggling/corpus.txt` (malformed and ambiguous HTTP/1 requests from RFC 9110/9112
                and the request smuggling literature; the file documents its escape notation and each entry's source) raw,
                on a new connection, to Gatehouse and to %s, run as plain reverse proxies (Debian's packages,
                default parsing options; nginx with `proxy_http_version 1.1` and the client's Host passed on), all three in
                front of the same recording upstream. The upstream reads what arrives with a strict HTTP/1.1 parser written
                for the test (`StrictHttp1Parser`: bare LF, bare CR, obs-fold, Content-Length beside Transfer-Encoding, any
                coding but exactly `chunked`, a Content-Length that is not one plain number, zero or two Host fields, an
                absolute-form authority that disagrees with Host, framing fields in a trailer are all invalid), answers the
                first request of each connection with an empty 200 and `Connection: close` (an invalid message with 400)
                and keeps reading until the proxy closes, so nothing a proxy sends after a request goes unseen. The same
                parser reads the entry itself (column "Strict parser").

                The rule for Gatehouse (column "Rule"): what reaches the upstream is exactly the first k requests the strict
                parser reads in the entry (k = 0 is a refusal before any byte), each with the same method, target, host and
                body, and no other byte; the one tolerance is that the next message may reach the upstream cut short by the
                close (a streamed body whose fault or size shows late), never complete. And Gatehouse sends the upstream no
                more messages of an entry than the more permissive of nginx and HAProxy: nothing that both refuse.

                A cell reads: the status codes the client got, how the connection ended ("closed", "reset", "no answer"
                within 1 s, "non-HTTP/1 answer"; nothing when every request was answered and the connection stayed open),
                then what reached the upstream. "(differs)" marks forwarded requests that are not the ones the strict parser
                reads; "an invalid message upstream" means the proxy passed on something the strict parser refuses, and the
                400 the client then got came from the upstream, not the proxy. This run: %d of %d entries break the rule.
                Regenerate with `mvn -pl l7-proxy -am test -Dtest=DifferentialCorpusTest -Dsurefire.failIfNoSpecifiedTests=false
                -Dcorpus.updateDocs=true`; every run also writes the table to `l7-proxy/target/corpus-table.md`.

                """.formatted(entries, peers, broken, rows.size()) + markdown(rows);
    }

    /** Replaces (or appends) the section of {@code doc} under {@link #HEADING} with {@code section}. */
    public static void replaceSection(Path doc, String section) throws IOException {
        String text = Files.exists(doc) ? Files.readString(doc) : "# Security\n";
        int start = text.indexOf(HEADING + "\n");
        String updated;
        if (start < 0) {
            updated = text.stripTrailing() + "\n\n" + section;
        } else {
            int next = text.indexOf("\n## ", start + HEADING.length());
            updated = text.substring(0, start) + section + (next < 0 ? "" : "\n" + text.substring(next + 1));
        }
        Files.writeString(doc, updated);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
