/**
 * Runs the DNS sync (the dns-sync module) inside the controller: each rebuild hands it the view's
 * Ingresses and Services, and our Gateways with the routes they accepted in that translation
 * ({@link dev.gatehouse.controller.dns.DnsGatewaySources}), and the leader plans and writes on a thread of its own, with backoff, and
 * reports what it left alone as Warning Events. Start at {@link dev.gatehouse.controller.dns.DnsController};
 * {@link dev.gatehouse.controller.dns.DnsSetup} says which provider and settings to use.
 */
package dev.gatehouse.controller.dns;
