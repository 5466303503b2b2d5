/**
 * The DNS sync: plans and applies the records that point public hostnames at the edge, on Route 53,
 * Azure DNS or an RFC 2136 server, owning only the records it created.
 *
 * <p>Empty until that sync lands (issue 9); the module exists so the build has its final shape.
 */
package dev.gatehouse.dns;
