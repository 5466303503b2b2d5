/**
 * The differential smuggling corpus: malformed and ambiguous HTTP/1 requests ({@link dev.gatehouse.proxy.corpus.CorpusFile}),
 * a strict RFC 9112 parser that says which requests and bodies a byte stream holds
 * ({@link dev.gatehouse.proxy.corpus.StrictHttp1Parser}), a recording upstream that parses what a proxy sends it
 * with the same parser ({@link dev.gatehouse.proxy.corpus.RecordingUpstream}), nginx and HAProxy run as plain
 * reverse proxies ({@link dev.gatehouse.proxy.corpus.PeerProxy}) and the rule each Gatehouse outcome must meet
 * ({@link dev.gatehouse.proxy.corpus.Verdict}).
 */
package dev.gatehouse.proxy.corpus;
