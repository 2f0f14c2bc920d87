/** The sample service logging through java.util.logging's {@code JournalHandler}. */
package io.github.systemd4j.samples.jul;
