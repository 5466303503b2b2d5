/** Architecture rules of cloud-lb-sync, checked with ArchUnit on the compiled classes. */
package dev.gatehouse.cloudlb.architecture;
