/**
 * The journal native protocol client.
 *
 * <ul>
 *   <li>{@link io.github.systemd4j.journal.JournalClient}: one entry per datagram, large entries
 *       through a passed file, counters.
 *   <li>{@link io.github.systemd4j.journal.JournalEntry}: the byte-exact encoder with size and
 *       field-count limits.
 *   <li>{@link io.github.systemd4j.journal.FieldNames} and {@link
 *       io.github.systemd4j.journal.FieldName}: journald's field-name rules and the sanitiser.
 *   <li>{@link io.github.systemd4j.journal.SyslogIdentifier}, {@link
 *       io.github.systemd4j.journal.SyslogFacility} and {@link
 *       io.github.systemd4j.journal.KernelThreadId}: identity helpers.
 * </ul>
 *
 * @see <a href="https://systemd.io/JOURNAL_NATIVE_PROTOCOL/">Native Journal Protocol</a>
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.journal-fields.html">systemd.journal-fields(7)</a>
 */
package io.github.systemd4j.journal;
