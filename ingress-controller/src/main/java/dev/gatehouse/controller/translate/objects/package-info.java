/**
 * What every translator shares: references to the objects it reads
 * ({@link dev.gatehouse.controller.translate.objects.ObjectRef}, {@code Metadata}, {@code References},
 * {@code SecretData}), the {@link dev.gatehouse.controller.translate.objects.Warning}s about them, and the value
 * syntaxes annotations, labels and flags have in common ({@code HostNames}, {@code Durations}, {@code SourceRanges},
 * {@code StrictTransportSecurity}). It depends on no other package of the translator.
 */
package dev.gatehouse.controller.translate.objects;
