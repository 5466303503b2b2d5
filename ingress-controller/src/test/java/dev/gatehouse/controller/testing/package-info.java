/**
 * What the controller's tests share: {@link dev.gatehouse.controller.testing.GatehouseProcess} starts Gatehouse in a
 * child JVM (in JSON log mode, failing on any line that is not a JSON log object), {@link
 * dev.gatehouse.controller.testing.MockCluster} is fabric8's mock API server in CRUD mode, and the rest write manifests
 * and kubeconfigs and read the admin port. Start with GatehouseProcess.
 */
package dev.gatehouse.controller.testing;
