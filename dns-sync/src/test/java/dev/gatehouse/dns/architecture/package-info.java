/** Architecture rules of dns-sync, checked with ArchUnit on the compiled classes. */
package dev.gatehouse.dns.architecture;
