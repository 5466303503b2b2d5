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
        out.append("| Entry | What is odd | Strict parser | Gatehouse | nginx | HAProxy |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (OutcomeRow row : rows) {
            out.append("| `").append(row.entry().id()).append("` | ")
                    .append(cell(row.entry().description())).append(" | ")
                    .append(cell(row.strict().summary())).append(" | ")
                    .append(cell(row.gatehouse().summary(row.strict()))).append(" | ")
                    .append(cell(row.nginx().summary(row.strict()))).append(" | ")
                    .append(cell(row.haproxy().summary(row.strict()))).append(" |\n");
        }
        return out.toString();
    }

    /** The whole docs/security.md section: how the table is made and read, then the table. */
    public static String section(int entries, String table) {
        return HEADING + "\n\n" + """
                `DifferentialCorpusTest` (l7-proxy) sends each of the %d entries of
                `l7-proxy/src/test/resources/smuggling/corpus.txt` (malformed and ambiguous HTTP/1 requests from RFC 9110/9112
                and the request smuggling literature; the file documents its escape notation and each entry's source) raw, on
                a new connection, to Gatehouse, to nginx and to HAProxy (Debian's nginx-light and haproxy packages, run as
                plain reverse proxies), all three in front of the same recording upstream. The upstream reads what arrives
                with a strict HTTP/1.1 parser written for the test (`StrictHttp1Parser`: bare LF, bare CR, obs-fold, a
                Content-Length beside Transfer-Encoding, any coding but exactly `chunked`, duplicate Content-Length or Host
                are all invalid), and the same parser reads the entry itself (column "Strict parser").

                For every entry the test requires of Gatehouse: what reaches the upstream is exactly the first k requests the
                strict parser reads in the entry (k = 0 is a refusal before any byte), with the same method, target, host and
                body, and no other byte, except that a message the strict parser finds cut short or invalid may reach the
                upstream cut short (a streamed body whose fault shows late), never complete; and Gatehouse forwards no more
                of an entry's requests than the more permissive of nginx and HAProxy.

                A cell reads: the status codes answered, how the connection ended ("closed", "reset", "no answer" within
                1 s; nothing when every request was answered and the connection stayed open), then what reached the upstream;
                "(differs)" marks forwarded requests that are not the ones the strict parser reads. Regenerate with
                `mvn -pl l7-proxy -am test -Dtest=DifferentialCorpusTest -Dsurefire.failIfNoSpecifiedTests=false
                -Dcorpus.updateDocs=true`; every run also writes the table to `l7-proxy/target/corpus-table.md`.

                """.formatted(entries) + table;
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
