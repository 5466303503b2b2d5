/** Test support shared through the test jar: {@link dev.gatehouse.logging.testing.LogCapture}. */
package dev.gatehouse.logging.testing;
