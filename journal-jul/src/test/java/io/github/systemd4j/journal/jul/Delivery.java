package io.github.systemd4j.journal.jul;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.testkit.FakeJournald;
import io.github.systemd4j.testkit.JournalRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Waiting for what the tests expect to arrive instead of sleeping for it. */
final class Delivery {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private Delivery() {}

    /**
     * Logs until an entry goes out. Within the reconnect interval after a failed attempt the client
     * does not try again, and what is logged then is lost; trying until one is sent waits exactly as
     * long as that takes, however slow the test was to get here.
     *
     * @param handler the handler the logging goes through
     * @param logOnce logs one record
     * @return how many records were lost on the way
     */
    static int logUntilSent(JournalHandler handler, Runnable logOnce) throws InterruptedException {
        long sent = handler.getClient().counters().sent();
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int lost = 0; ; lost++) {
            logOnce.run();
            if (handler.getClient().counters().sent() > sent) {
                return lost;
            }
            assertTrue(System.nanoTime() - deadline < 0, "nothing was sent within " + WAIT);
            Thread.sleep(10);
        }
    }

    /**
     * Sends a barrier entry from a client of its own and returns every record up to and including
     * it. Whatever was sent to the socket before, by any sender, arrived ahead of the barrier, so
     * the list is complete: for checking that nothing was sent where nothing may be.
     *
     * @param journald where to send it
     * @return the records, the barrier last
     */
    static List<JournalRecord> recordsUpToABarrier(FakeJournald journald) throws IOException {
        try (JournalClient client =
                JournalClient.builder().socketPath(journald.socketPath()).build()) {
            client.send(client.entry().add("BARRIER", "1").message("barrier"));
        }
        journald.awaitRecords(r -> "1".equals(r.get("BARRIER")), 1, WAIT);
        return journald.records();
    }
}
