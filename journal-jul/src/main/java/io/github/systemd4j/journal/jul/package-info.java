/**
 * java.util.logging for the systemd journal: the handler {@link
 * io.github.systemd4j.journal.jul.JournalHandler} ({@code handlers=} in {@code logging.properties})
 * and the {@link io.github.systemd4j.journal.jul.JournalLoggerFinder} that routes {@code
 * System.getLogger(...)} there.
 *
 * @see <a href="https://systemd.io/JOURNAL_NATIVE_PROTOCOL/">Native Journal Protocol</a>
 */
package io.github.systemd4j.journal.jul;
