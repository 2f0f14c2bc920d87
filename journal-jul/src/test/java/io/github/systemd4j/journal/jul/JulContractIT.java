package io.github.systemd4j.journal.jul;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.contract.JournalAdapterContract;
import io.github.systemd4j.testkit.RealJournald;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The adapter contract for the JUL handler: configured by a {@code logging.properties} with one
 * {@code io.github.systemd4j.journal.jul.JournalHandler.<name>=<value>} line per property; context
 * entries are a {@code Map} parameter of the record (the message has no placeholder for it). JUL has
 * no markers.
 */
class JulContractIT extends JournalAdapterContract {
    private static final String KEY = JournalHandler.class.getName() + ".";

    @Override
    protected Adapter open(Map<String, String> properties) {
        StringBuilder file = new StringBuilder();
        file.append("handlers=").append(JournalHandler.class.getName()).append('\n');
        file.append(".level=ALL\n");
        // The JDK's own debug records would land among the test's entries at any moment: JMX's while
        // it registers the handler's MXBean on its daemon thread, ProcessBuilder's on Java 22+ whenever
        // a test starts a process. The README gives users the same advice for JMX.
        file.append("javax.management.level=INFO\n");
        file.append("java.lang.ProcessBuilder.level=INFO\n");
        file.append(KEY)
                .append("errorManager=")
                .append(RecordingErrorManager.class.getName())
                .append('\n');
        properties.forEach((name, value) ->
                file.append(KEY).append(name).append('=').append(escape(value)).append('\n'));
        JulConfig.read(file.toString());
        return new JulAdapter(JulConfig.rootHandler());
    }

    @Override
    protected List<String> defaultsJvm(Map<String, String> properties, Path dir) throws IOException {
        // No errorManager key: JUL's default ErrorManager, which prints only a handler's first report.
        StringBuilder file = new StringBuilder();
        file.append("handlers=").append(JournalHandler.class.getName()).append('\n');
        file.append(".level=INFO\n");
        properties.forEach((name, value) ->
                file.append(KEY).append(name).append('=').append(escape(value)).append('\n'));
        Path config = Files.writeString(dir.resolve("logging.properties"), file);
        return List.of("-Djava.util.logging.config.file=" + config, StdinLogger.class.getName());
    }

    @Override
    protected String objectName() {
        return "io.github.systemd4j:type=Journal,name=io.github.systemd4j.journal.jul.JournalHandler";
    }

    /** {@link #defaultsJvm}'s main: JUL configured by its LogManager, from logging.properties alone. */
    public static final class StdinLogger {
        private StdinLogger() {}

        /**
         * Logs each line of standard input; JUL closes its handlers when the JVM exits.
         *
         * @param args none
         * @throws IOException if standard input cannot be read
         */
        public static void main(String[] args) throws IOException {
            Logger log = Logger.getLogger("com.example.Billing");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                log.info(line);
            }
        }
    }

    /** A value as logging.properties writes it: backslashes doubled, anything outside ASCII as \\uXXXX. */
    private static String escape(String value) {
        StringBuilder s = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\') {
                s.append("\\\\");
            } else if (c < 0x20 || c > 0x7e) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    @Override
    protected String levelName(Severity severity) {
        return level(severity).getName();
    }

    private static Level level(Severity severity) {
        switch (severity) {
            case ERROR:
                return Level.SEVERE;
            case WARN:
                return Level.WARNING;
            case INFO:
                return Level.INFO;
            default:
                return Level.FINE;
        }
    }

    @Override
    protected boolean supportsMarkers() {
        return false;
    }

    /** java.util.logging has no markers: not a test here (overridden without {@code @Test}). */
    @Override
    protected void nestedMarkersAreWrittenOnceEach(RealJournald journald) {}

    @Override
    protected boolean callerHasFileAndLine() {
        return false;
    }

    private static final class JulAdapter implements Adapter {
        private final JournalHandler handler;

        JulAdapter(JournalHandler handler) {
            this.handler = handler;
        }

        @Override
        public void log(Event event) {
            if (event.marker() != null) {
                throw new IllegalArgumentException("java.util.logging has no markers");
            }
            Logger logger = Logger.getLogger(event.logger());
            LogRecord record = new LogRecord(level(event.severity()), event.message());
            record.setLoggerName(event.logger());
            if (!event.context().isEmpty()) {
                record.setParameters(new Object[] {event.context()});
            }
            record.setThrown(event.thrown());
            logger.log(record);
        }

        @Override
        public List<String> reports() {
            return RecordingErrorManager.of(handler).reports().stream()
                    .map(RecordingErrorManager.Report::message)
                    .toList();
        }

        @Override
        public JournalClient client() {
            return handler.getClient();
        }

        @Override
        public void close() {
            JulConfig.reset();
        }
    }
}
