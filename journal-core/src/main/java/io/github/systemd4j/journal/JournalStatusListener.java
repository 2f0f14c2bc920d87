package io.github.systemd4j.journal;

import io.github.systemd4j.socket.SendException;
import java.io.IOException;

/**
 * Told when a {@link JournalClient}'s connection to journald changes, so that an adapter can report
 * through its framework's status channel once per outage instead of once per entry. Called on the
 * logging thread that saw the change; implementations must be quick and must not log to the same
 * client. The defaults do nothing.
 */
public interface JournalStatusListener {
    /** A listener that ignores everything. */
    JournalStatusListener NONE = new JournalStatusListener() {};

    /**
     * journald became unreachable or too busy: entries are being dropped. Called once per outage.
     *
     * @param cause the first failure of the outage
     */
    default void unavailable(SendException cause) {}

    /**
     * journald is reachable again. Called once, on the first entry delivered after an outage.
     *
     * @param droppedDuringOutage entries dropped between {@link #unavailable} and now
     */
    default void recovered(long droppedDuringOutage) {}

    /**
     * An entry was lost to an error that is not an outage (see {@link JournalCounters#failed()}).
     * Called for every such entry; rate-limit before reporting.
     *
     * @param cause the error
     */
    default void failed(IOException cause) {}
}
