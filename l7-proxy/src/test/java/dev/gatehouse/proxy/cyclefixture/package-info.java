/** Two classes that use each other, for {@code ArchitectureTest} to show that its class-cycle rule finds a cycle. */
package dev.gatehouse.proxy.cyclefixture;
