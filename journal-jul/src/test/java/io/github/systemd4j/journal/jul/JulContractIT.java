package io.github.systemd4j.journal.jul;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.contract.JournalAdapterContract;
import io.github.systemd4j.testkit.RealJournald;
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
        file.append(KEY)
                .append("errorManager=")
                .append(RecordingErrorManager.class.getName())
                .append('\n');
        properties.forEach((name, value) ->
                file.append(KEY).append(name).append('=').append(escape(value)).append('\n'));
        JulConfig.read(file.toString());
        return new JulAdapter(JulConfig.rootHandler());
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
