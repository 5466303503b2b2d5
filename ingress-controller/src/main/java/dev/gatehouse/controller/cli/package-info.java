/**
 * The {@code gatehouse} command line, with picocli: {@link dev.gatehouse.controller.cli.Main} is the entry
 * point; {@code RunCommand} serves manifests or a cluster, {@code DemoCommand} starts the embedded demo.
 * Bad flags and values end with one line naming the flag and what was expected, and exit code 2.
 */
package dev.gatehouse.controller.cli;
