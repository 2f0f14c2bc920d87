package io.github.systemd4j.journal.log4j2;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.contract.JournalAdapterContract;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.message.MapMessage;

/**
 * The adapter contract for the Log4j2 {@code <Journal>} appender: configured by a {@code log4j2.xml}
 * with one attribute per property; context entries are the entries of a {@link ContextMessage}, a
 * {@code MapMessage} whose text is the message alone, so values of any type reach the appender as they
 * are (ThreadContext holds text only).
 */
class Log4j2ContractIT extends JournalAdapterContract {
    private static final String OWN_REPORTS = "Journal appender [journal]: ";

    @Override
    protected Adapter open(Map<String, String> properties) {
        return new Log4jAdapter(new Log4jHarness(Log4jHarness.journalConfig(attributes(properties), ""), Map.of()));
    }

    @Override
    protected List<String> defaultsJvm(Map<String, String> properties, Path dir) throws IOException {
        // No status attribute: the status logger keeps its default level.
        Path config = Files.writeString(
                dir.resolve("log4j2.xml"),
                "<Configuration><Appenders><Journal name='journal' " + attributes(properties)
                        + "/></Appenders><Loggers><Root level='INFO'><AppenderRef ref='journal'/></Root>"
                        + "</Loggers></Configuration>");
        return List.of("-Dlog4j2.configurationFile=" + config, StdinLogger.class.getName());
    }

    @Override
    protected String objectName() {
        return "io.github.systemd4j:type=Journal,name=journal";
    }

    private static String attributes(Map<String, String> properties) {
        StringBuilder attributes = new StringBuilder();
        properties.forEach((name, value) ->
                attributes.append(name).append("='").append(xmlEscaped(value)).append("' "));
        return attributes.toString();
    }

    /** {@link #defaultsJvm}'s main: Log4j configured by its first use, from log4j2.xml alone. */
    public static final class StdinLogger {
        private StdinLogger() {}

        /**
         * Logs each line of standard input, then shuts Log4j down.
         *
         * @param args none
         * @throws IOException if standard input cannot be read
         */
        public static void main(String[] args) throws IOException {
            org.apache.logging.log4j.Logger log = LogManager.getLogger("com.example.Billing");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                log.info(line);
            }
            LogManager.shutdown();
        }
    }

    /** Log4j markers are global by name: the contract gives each name the same parents every time. */
    private static org.apache.logging.log4j.Marker marker(Marker marker) {
        org.apache.logging.log4j.Marker[] parents = marker.references().stream()
                .map(Log4j2ContractIT::marker)
                .toArray(org.apache.logging.log4j.Marker[]::new);
        return MarkerManager.getMarker(marker.name()).setParents(parents);
    }

    /** A {@code MapMessage} of context entries whose formatted text is the event's message, not the map. */
    static final class ContextMessage extends MapMessage<ContextMessage, Object> {
        private static final long serialVersionUID = 1L;
        private final String text;

        ContextMessage(String text, Map<String, Object> context) {
            super(context.size());
            this.text = text;
            context.forEach(this::with);
        }

        @Override
        public String getFormattedMessage() {
            return text;
        }

        @Override
        public void formatTo(StringBuilder buffer) {
            buffer.append(text);
        }
    }

    private static final class Log4jAdapter implements Adapter {
        private final Log4jHarness harness;

        Log4jAdapter(Log4jHarness harness) {
            this.harness = harness;
        }

        @Override
        public void log(Event event) {
            harness.logger(event.logger())
                    .log(
                            Level.valueOf(event.severity().name()),
                            event.marker() == null ? null : marker(event.marker()),
                            new ContextMessage(event.message(), event.context()),
                            event.thrown());
        }

        @Override
        public List<String> reports() {
            return harness.status(Level.ALL).stream()
                    .filter(m -> m.startsWith(OWN_REPORTS))
                    .toList();
        }

        @Override
        public JournalClient client() {
            JournalAppender appender = harness.appender();
            return appender == null ? null : appender.getClient();
        }

        @Override
        public void close() {
            harness.close();
        }
    }
}
