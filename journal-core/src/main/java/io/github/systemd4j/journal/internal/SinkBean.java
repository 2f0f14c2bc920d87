package io.github.systemd4j.journal.internal;

import io.github.systemd4j.journal.JournalMXBean;

/** A {@link JournalSink}'s attributes as its {@link JournalMXBean}: read at each request, never cached. */
final class SinkBean implements JournalMXBean {
    private final JournalSink sink;

    SinkBean(JournalSink sink) {
        this.sink = sink;
    }

    @Override
    public long getSent() {
        return sink.client().counters().sent();
    }

    @Override
    public long getSentViaFd() {
        return sink.client().counters().sentViaFd();
    }

    @Override
    public long getDropped() {
        return sink.client().counters().dropped();
    }

    @Override
    public long getFailed() {
        return sink.client().counters().failed();
    }

    @Override
    public long getTruncated() {
        return sink.client().counters().truncated();
    }

    @Override
    public long getFallbackWrites() {
        return sink.fallbackWrites();
    }

    @Override
    public boolean isOutage() {
        return sink.isOutage();
    }

    @Override
    public boolean isFallbackOnly() {
        return sink.isFallbackOnly();
    }

    @Override
    public String getSocket() {
        return sink.client().socket().toString();
    }
}
