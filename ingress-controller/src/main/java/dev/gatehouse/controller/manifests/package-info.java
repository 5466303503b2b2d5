/**
 * Standalone mode's source: a directory of Kubernetes manifests, read as the API server would return
 * them, and watched so that a change is live within a second.
 *
 * <p>Start at {@link dev.gatehouse.controller.manifests.ManifestDirectory}: it reads every
 * {@code *.yaml}, {@code *.yml} and {@code *.json} file ({@code ManifestParser}, fabric8's model classes
 * behind a YAML reader that keeps line numbers) and keeps the last good objects of a file that stops
 * parsing, so a half-saved edit never takes routes away. {@code DirectoryWatcher} says when to read again.
 */
package dev.gatehouse.controller.manifests;
