/**
 * A deliberate cycle between two packages ({@code first} and {@code second}), for nothing but showing that the cycle
 * rules of {@code ArchitectureTest} fail on one.
 */
package dev.gatehouse.controller.testing.cycle;
