/**
 * marathon-lb's keys ({@code HAPROXY_GROUP}, {@code HAPROXY_{n}_VHOST}, ...; docs/labels.md) on Services and Marathon
 * apps, translated into label routes, TCP listeners and marathon-lb's maps.
 *
 * <p>Start at {@link dev.gatehouse.controller.translate.labels.LabelTranslator}: {@code LabelKeys} names the keys and
 * reads them from an object, {@code PortLabels} parses one port's keys, {@code LabelPolicies} turns them into cluster
 * policies (also for Ingress backends whose Service carries them), and {@code MarathonClusters} builds the apps' clusters.
 * A Service port becomes a cluster through {@code ServiceClusters} and an {@code SSL_CERT} is checked through
 * {@code CertificateCheck}, both implemented by the translator, which puts Ingress rules before every label route.
 */
package dev.gatehouse.controller.translate.labels;
