package dev.gatehouse.proxy.corpus;

import java.util.List;

/** One entry's outcomes through the three proxies, and what Gatehouse's outcome breaks of {@link Verdict}. */
public record OutcomeRow(CorpusEntry entry, StrictParse strict, ProxyOutcome gatehouse, ProxyOutcome nginx, ProxyOutcome haproxy,
                         List<String> problems) {

    public OutcomeRow(CorpusEntry entry, StrictParse strict, ProxyOutcome gatehouse, ProxyOutcome nginx, ProxyOutcome haproxy) {
        this(entry, strict, gatehouse, nginx, haproxy, Verdict.problems(strict, gatehouse, nginx, haproxy));
    }
}
