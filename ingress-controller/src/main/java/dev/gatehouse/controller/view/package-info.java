/**
 * {@link dev.gatehouse.controller.view.ClusterView}: the read-only lists of Kubernetes objects (and
 * {@link dev.gatehouse.controller.view.MarathonApp}s) that one translation reads, whatever source they came from.
 */
package dev.gatehouse.controller.view;
