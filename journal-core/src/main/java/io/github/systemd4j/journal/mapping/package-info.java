/**
 * The mapping from logging events to journal fields that the Logback, Log4j2 and java.util.logging
 * adapters share, so that all three write the same fields for the same event: level to {@code
 * PRIORITY} ({@link io.github.systemd4j.journal.mapping.PriorityMap}), context maps to fields
 * ({@link io.github.systemd4j.journal.mapping.ContextFields}), {@code MESSAGE_ID} normalisation
 * ({@link io.github.systemd4j.journal.mapping.MessageIds}) and throwables to {@code EXCEPTION},
 * {@code EXCEPTION_MESSAGE}, {@code STACK_TRACE} and the message suffix ({@link
 * io.github.systemd4j.journal.mapping.ThrowableFields}).
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.journal-fields.html">systemd.journal-fields(7)</a>
 */
package io.github.systemd4j.journal.mapping;
