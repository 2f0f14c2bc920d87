package io.github.systemd4j.journal;

import io.github.systemd4j.socket.SendException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Records outage, recovery and failure events as text, for assertions. */
final class RecordingListener implements JournalStatusListener {
    final List<String> events = new ArrayList<>();

    @Override
    public synchronized void unavailable(SendException cause) {
        events.add("unavailable " + cause.failure());
    }

    @Override
    public synchronized void recovered(long droppedDuringOutage) {
        events.add("recovered " + droppedDuringOutage);
    }

    @Override
    public synchronized void failed(IOException cause) {
        events.add("failed " + cause.getMessage());
    }
}
