package io.github.systemd4j.journal.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.contract.DefaultsJvm;
import io.github.systemd4j.notify.SystemdNotifier;
import io.github.systemd4j.testkit.FakeJournald;
import io.github.systemd4j.testkit.JournalRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * notify-core's own messages (here: a malformed {@code WATCHDOG_USEC}, a warning through {@code
 * System.Logger}) in a Logback application, as notify-core's README says: with SLF4J's {@code
 * slf4j-jdk-platform-logging} on the class path they reach the journal appender as entries of their
 * own; without a bridge they are java.util.logging's two console lines on stderr.
 */
class SystemLoggerBridgeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path BRIDGE = Path.of("target", "bridge");

    @TempDir
    Path dir;

    private DefaultsJvm start(FakeJournald journald, List<Path> bridge) throws Exception {
        Path config = Files.writeString(
                dir.resolve("logback.xml"),
                "<configuration><appender name='JOURNAL' class='" + JournalAppender.class.getName() + "'>"
                        + "<socketPath>" + journald.socketPath() + "</socketPath>"
                        + "<syslogIdentifier>app</syslogIdentifier>"
                        + "</appender><root level='INFO'><appender-ref ref='JOURNAL'/></root></configuration>");
        return DefaultsJvm.start(bridge, List.of("-Dlogback.configurationFile=" + config, App.class.getName()));
    }

    @Test
    void withSlf4jsBridgeTheyReachTheAppender() throws Exception {
        List<Path> bridge;
        try (var jars = Files.list(BRIDGE)) {
            bridge = jars.filter(p -> p.getFileName().toString().startsWith("slf4j-jdk-platform-logging"))
                    .toList();
        }
        assertEquals(1, bridge.size(), "the bridge's jar in " + BRIDGE);
        try (FakeJournald journald = FakeJournald.start(dir)) {
            String shown;
            try (DefaultsJvm app = start(journald, bridge)) {
                shown = app.finish(WAIT);
            }
            JournalRecord r = journald.awaitRecords(1, WAIT).get(0);
            assertEquals(SystemdNotifier.class.getName(), r.get("LOGGER"));
            assertEquals("4", r.get("PRIORITY"));
            assertEquals("app", r.get("SYSLOG_IDENTIFIER"));
            assertTrue(r.get("MESSAGE").startsWith("watchdog disabled: "), r.get("MESSAGE"));
            assertFalse(shown.contains("watchdog disabled"), "nothing on the console:\n" + shown);
        }
    }

    @Test
    void withoutABridgeTheyAreJavaUtilLoggingConsoleLines() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir)) {
            String shown;
            try (DefaultsJvm app = start(journald, List.of())) {
                shown = app.finish(WAIT);
            }
            List<String> lines = shown.lines().toList();
            int warning = lines.indexOf(lines.stream()
                    .filter(l -> l.startsWith("WARNING: watchdog disabled: "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(shown)));
            assertTrue(lines.get(warning - 1).contains(SystemdNotifier.class.getName()), shown);
            // A barrier from a client of its own: FakeJournald receives in order, so nothing came before it.
            try (JournalClient barrier =
                    JournalClient.builder().socketPath(journald.socketPath()).build()) {
                barrier.send(barrier.entry().message("barrier"));
            }
            assertEquals(
                    List.of("barrier"),
                    journald.awaitRecords(1, WAIT).stream()
                            .map(r -> r.get("MESSAGE"))
                            .toList());
        }
    }

    /** A Logback application whose notify-core finds a malformed {@code WATCHDOG_USEC}. */
    public static final class App {
        private App() {}

        /**
         * Makes notify-core warn once, then stops Logback.
         *
         * @param args none
         */
        public static void main(String[] args) {
            SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "soon"));
            ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
        }
    }
}
