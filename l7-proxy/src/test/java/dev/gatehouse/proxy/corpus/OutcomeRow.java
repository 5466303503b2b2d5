package dev.gatehouse.proxy.corpus;

/** One entry's outcomes through the three proxies, for the table. */
public record OutcomeRow(CorpusEntry entry, StrictParse strict, ProxyOutcome gatehouse, ProxyOutcome nginx, ProxyOutcome haproxy) {
}
