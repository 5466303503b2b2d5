/**
 * Desired records from Kubernetes objects: the hosts of our Ingresses, Services of type LoadBalancer
 * with a hostname annotation, and the label vhosts of published Services. A pure function; start at
 * {@link dev.gatehouse.dns.source.DesiredRecords#from}.
 */
package dev.gatehouse.dns.source;
