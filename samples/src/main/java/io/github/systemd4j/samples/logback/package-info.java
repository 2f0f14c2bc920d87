/** The sample service logging through SLF4J and Logback's {@code JournalAppender}. */
package io.github.systemd4j.samples.logback;
