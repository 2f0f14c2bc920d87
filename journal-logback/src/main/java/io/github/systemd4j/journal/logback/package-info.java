/**
 * Logback appender for the systemd journal: {@link io.github.systemd4j.journal.logback.JournalAppender}.
 *
 * @see <a href="https://systemd.io/JOURNAL_NATIVE_PROTOCOL/">Native Journal Protocol</a>
 */
package io.github.systemd4j.journal.logback;
