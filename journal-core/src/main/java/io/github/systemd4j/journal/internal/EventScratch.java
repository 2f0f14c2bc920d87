package io.github.systemd4j.journal.internal;

import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.JournalFields;
import java.util.ArrayList;
import java.util.List;

/**
 * The reusable state of one thread's events: every builder on an event's path, the entry being
 * written, and whether the thread is inside the adapter already. One per thread and {@link
 * EventSender}; builders that grew beyond {@link #RETAINED_CHARS} for a huge event are replaced after
 * it, the same rule for all of them.
 */
final class EventScratch implements EventAccessor.ContextVisitor, EventAccessor.MarkerVisitor {
    /** The largest builder kept between events. */
    static final int RETAINED_CHARS = 16 * 1024;

    final RenderedMessage message = new RenderedMessage();
    StringBuilder value = new StringBuilder(64);
    final StringBuilder messageId = new StringBuilder(32);
    StringBuilder trace = new StringBuilder(0);
    StringBuilder messageWithTrace = new StringBuilder(0);
    final List<String> markers = new ArrayList<>(4);
    /** With {@code collectorSafe}: the event's fields as mapped, before the rewrite; made on first use. */
    private JournalEntry raw;

    /** Set while a {@link EventSender#send} runs on this thread: an event logged meanwhile is ours. */
    boolean sending;

    private EventMapper<?> mapper;
    private JournalEntry entry;

    /** Starts an event: the visitors write into this entry with this mapping. */
    void begin(EventMapper<?> mapper, JournalEntry entry) {
        this.mapper = mapper;
        this.entry = entry;
        markers.clear();
        message.reset();
    }

    @Override
    public void entry(String key, Object value) {
        mapper.context().write(entry, key, value, this.value, messageId);
    }

    @Override
    public boolean marker(String name) {
        if (name == null || markers.contains(name)) {
            return false;
        }
        markers.add(name);
        entry.add(JournalFields.MARKER, name);
        return true;
    }

    /** The entry collector-safe mapping writes into first. */
    JournalEntry raw() {
        if (raw == null) {
            raw = new JournalEntry();
        }
        return raw;
    }

    /** Ends an event: nothing of it is kept, oversized builders are let go. */
    void end() {
        mapper = null;
        entry = null;
        if (raw != null) {
            raw.clear(); // also lets go of a buffer that grew for a huge event
        }
        markers.clear();
        message.trim(RETAINED_CHARS);
        if (value.capacity() > RETAINED_CHARS) {
            value = new StringBuilder(64);
        }
        if (trace.capacity() > RETAINED_CHARS) {
            trace = new StringBuilder(0);
        }
        if (messageWithTrace.capacity() > RETAINED_CHARS) {
            messageWithTrace = new StringBuilder(0);
        }
    }
}
