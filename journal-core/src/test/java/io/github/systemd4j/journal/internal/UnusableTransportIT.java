package io.github.systemd4j.journal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.journal.JournalCounters;
import io.github.systemd4j.testkit.ChildJvm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A JVM where no socket transport works (junixsocket's library cannot load, as under {@code
 * NoExecPaths=/}, and it is forced): the sink reports it once with the fix, sends every entry to the
 * fallback, and never throws.
 */
class UnusableTransportIT {
    @Test
    void reportedOnceWithItsFixAndEntriesGoToTheFallback() throws Exception {
        String out = ChildJvm.of(SinkWithoutTransport.class)
                .jvmArgs("-Dorg.newsclub.net.unix.library.disable=true", "-Dsystemd4j.socket.transport=junixsocket")
                .run(Duration.ofMinutes(1));
        assertEquals(1, out.lines().filter(l -> l.startsWith("UNAVAILABLE ")).count(), out);
        assertTrue(out.contains("-Dorg.newsclub.net.unix.library.tmpdir=/run/app"), out);
        assertEquals(
                3, out.lines().filter(l -> l.contains(" WARN app - diverted ")).count(), out);
        assertTrue(out.contains("delivered=false dropped=3 failed=0"), out);
    }

    /** Child main: three entries through a sink whose transport cannot work. */
    public static final class SinkWithoutTransport {
        public static void main(String[] args) {
            StatusReporter reporter = new RecordingReporter(System.out::println);
            boolean delivered = false;
            JournalSettings settings = new JournalSettings();
            settings.set(JournalProperty.SYSLOG_IDENTIFIER, "app");
            try (JournalSink sink = JournalSink.open(settings, List.of(), "sink", reporter)) {
                for (int i = 0; i < 3; i++) {
                    delivered |= sink.deliver(sink.entry().priority(4).message("diverted " + i))
                            == JournalSink.Delivery.SENT;
                }
                JournalCounters c = sink.client().counters();
                System.out.println("delivered=" + delivered + " dropped=" + c.dropped() + " failed=" + c.failed());
            }
        }
    }
}
