/**
 * The embedded demo: {@link dev.gatehouse.controller.demo.EchoUpstream}s standing in for the pods of the
 * example manifests, so {@code gatehouse demo} shows real routing on one machine with nothing installed.
 */
package dev.gatehouse.controller.demo;
