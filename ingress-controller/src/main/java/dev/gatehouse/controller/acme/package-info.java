/**
 * Certificates ordered by ACME for the Ingresses that ask (annotation {@code gatehouse.dev/tls-acme}).
 * Start at {@link dev.gatehouse.controller.acme.AcmeController}, the reconciler: after each translation
 * it compares what is asked with the Secrets it keeps, and orders (leader only, on a thread of its own)
 * what is missing, names other hosts or is two thirds through its life. Certificates, the account key
 * and the challenge answers are Secrets in a {@link dev.gatehouse.controller.acme.SecretStore}: the
 * Kubernetes API in a cluster, so that every replica serves them, or a directory standalone. The
 * {@link dev.gatehouse.controller.acme.ChallengeBoard} publishes HTTP-01 answers through such a Secret,
 * which the translator puts into every replica's routing snapshot.
 */
package dev.gatehouse.controller.acme;
