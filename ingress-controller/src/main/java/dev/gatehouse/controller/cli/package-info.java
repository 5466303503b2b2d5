/**
 * The {@code gatehouse} command line, with picocli: {@link dev.gatehouse.controller.cli.Main} is the entry
 * point; {@code RunCommand} serves manifests or a cluster, {@code DemoCommand} starts the embedded demo,
 * {@code DnsCommand} plans DNS changes, {@code MigrateCheckCommand} tells what existing Ingresses' annotations become;
 * the flags of each concern live in a mixin of their own ({@code ProxyOptions}, {@code LabelOptions}, ...).
 * Bad flags and values end with one line naming the flag and what was expected, and exit code 2.
 */
package dev.gatehouse.controller.cli;
