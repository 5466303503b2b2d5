package dev.gatehouse.proxy.corpus;

/**
 * One corpus request stream, sent as is on a new connection.
 *
 * @param id          short stable name, used in test names and the outcome table
 * @param description what is odd about it
 * @param source      where the case comes from: an RFC section, a paper or an article
 * @param bytes       the exact bytes sent
 */
public record CorpusEntry(String id, String description, String source, byte[] bytes) {
}
