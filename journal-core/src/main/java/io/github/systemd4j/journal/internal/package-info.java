/**
 * What the Logback, Log4j2 and java.util.logging adapters share, so that each of them is only "how
 * to read my framework's event and configuration": the settings every adapter accepts ({@link
 * io.github.systemd4j.journal.internal.JournalProperty}, {@link
 * io.github.systemd4j.journal.internal.JournalSettings}), the event-to-entry mapping ({@link
 * io.github.systemd4j.journal.internal.EventMapper} over an adapter's {@link
 * io.github.systemd4j.journal.internal.EventAccessor}), and the delivery policy ({@link
 * io.github.systemd4j.journal.internal.JournalSink}: outages, reports, fallback). Not an API: exported
 * to the adapter modules only, and free to change between releases.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.journal-fields.html">systemd.journal-fields(7)</a>
 */
package io.github.systemd4j.journal.internal;
