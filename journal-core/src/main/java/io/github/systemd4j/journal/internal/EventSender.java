package io.github.systemd4j.journal.internal;

import io.github.systemd4j.journal.JournalEntry;

/**
 * What an adapter calls for each event: maps it into the thread's entry (in async mode a pooled one,
 * still on the logging thread, so that its thread name, TID, context and caller are the logging
 * thread's) and delivers it through a {@link JournalSink}. Never throws into the logging call except a {@link VirtualMachineError}: an
 * event the mapping cannot write (a layout that throws) is reported through the sink's rate-limited
 * reports and not sent; an event logged from inside the adapter's own send path (a layout or value
 * that logs) is dropped instead of recursing. Thread-safe.
 *
 * @param <E> the framework's event type
 */
public final class EventSender<E> {
    private final EventMapper<E> mapper;
    private final JournalSink sink;
    private final ThreadLocal<EventScratch> scratch = ThreadLocal.withInitial(EventScratch::new);

    /**
     * An event path.
     *
     * @param mapper how events become fields
     * @param sink where entries go (shared by several senders in Log4j2)
     */
    public EventSender(EventMapper<E> mapper, JournalSink sink) {
        this.mapper = mapper;
        this.sink = sink;
    }

    /**
     * Writes and delivers an event.
     *
     * @param event the event, on the thread that logged it
     * @return what became of it
     */
    public JournalSink.Delivery send(E event) {
        EventScratch s = scratch.get();
        if (s.sending) {
            return JournalSink.Delivery.REENTERED;
        }
        s.sending = true;
        try {
            JournalEntry entry = sink.entry();
            try {
                mapper.write(event, entry, s);
            } catch (VirtualMachineError e) {
                sink.discard(entry);
                throw e;
            } catch (Throwable e) {
                // Give the entry back (else every later event allocates a fresh one).
                sink.discard(entry);
                sink.reportFailure("Writing an event failed; it was not sent", e);
                return JournalSink.Delivery.FAILED;
            }
            return sink.deliver(entry);
        } finally {
            s.end();
            s.sending = false;
        }
    }

    /**
     * The mapping.
     *
     * @return the mapper
     */
    public EventMapper<E> mapper() {
        return mapper;
    }

    /**
     * The sink.
     *
     * @return the sink
     */
    public JournalSink sink() {
        return sink;
    }
}
