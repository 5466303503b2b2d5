/**
 * {@link dev.gatehouse.controller.view.ClusterView}: the read-only lists of Kubernetes objects that one
 * translation reads, whatever source they came from.
 */
package dev.gatehouse.controller.view;
