/**
 * Gateway API tests: the HTTP cases of kubernetes-sigs/gateway-api's conformance suite ({@code conformance/tests/}),
 * their manifests adapted to one namespace and the v1 kinds, served standalone through the real proxy to echo upstreams;
 * and the status the translator and the leader's writer give Gateway API objects. docs/gateway-api.md lists each
 * conformance test with its counterpart here.
 */
package dev.gatehouse.controller.gateway;
