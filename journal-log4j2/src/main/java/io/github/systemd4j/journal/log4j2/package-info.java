/**
 * Log4j2 appender for the systemd journal: {@code <Journal>}, {@link
 * io.github.systemd4j.journal.log4j2.JournalAppender}, with static {@code <Field>}s ({@link
 * io.github.systemd4j.journal.log4j2.JournalField}) and a shared socket per destination ({@link
 * io.github.systemd4j.journal.log4j2.JournalManager}).
 *
 * @see <a href="https://systemd.io/JOURNAL_NATIVE_PROTOCOL/">Native Journal Protocol</a>
 */
package io.github.systemd4j.journal.log4j2;
