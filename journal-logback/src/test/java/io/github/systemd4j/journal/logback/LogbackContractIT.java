package io.github.systemd4j.journal.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.NopStatusListener;
import ch.qos.logback.core.status.Status;
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
import org.slf4j.LoggerFactory;
import org.slf4j.MarkerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The adapter contract for the Logback appender: configured by a {@code logback.xml} with one {@code
 * <name>value</name>} element per property; context entries are SLF4J key-value pairs, so values of
 * any type reach the appender as they are.
 */
class LogbackContractIT extends JournalAdapterContract {
    @Override
    protected Adapter open(Map<String, String> properties) {
        // A status listener, as with debug="true": the appender's reports go to Logback's status only.
        return new LogbackAdapter(new LogbackHarness(
                xml(properties, "<statusListener class='" + NopStatusListener.class.getName() + "'/>"), Map.of()));
    }

    @Override
    protected List<String> defaultsJvm(Map<String, String> properties, Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("logback.xml"), xml(properties, ""));
        return List.of("-Dlogback.configurationFile=" + config, StdinLogger.class.getName());
    }

    @Override
    protected String objectName() {
        return "io.github.systemd4j:type=Journal,name=JOURNAL";
    }

    private static String xml(Map<String, String> properties, String before) {
        StringBuilder xml = new StringBuilder("<configuration>")
                .append(before)
                .append("<appender name='JOURNAL' class='")
                .append(JournalAppender.class.getName())
                .append("'>");
        properties.forEach((name, value) -> xml.append('<')
                .append(name)
                .append('>')
                .append(xmlEscaped(value))
                .append("</")
                .append(name)
                .append('>'));
        xml.append("</appender><root level='TRACE'><appender-ref ref='JOURNAL'/></root></configuration>");
        return xml.toString();
    }

    /** {@link #defaultsJvm}'s main: Logback configured by SLF4J's first use, from logback.xml alone. */
    public static final class StdinLogger {
        private StdinLogger() {}

        /**
         * Logs each line of standard input, then stops Logback.
         *
         * @param args none
         * @throws IOException if standard input cannot be read
         */
        public static void main(String[] args) throws IOException {
            org.slf4j.Logger log = LoggerFactory.getLogger("com.example.Billing");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                log.info(line);
            }
            ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
        }
    }

    private static org.slf4j.Marker marker(Marker marker) {
        org.slf4j.Marker m = MarkerFactory.getDetachedMarker(marker.name());
        marker.references().forEach(r -> m.add(marker(r)));
        return m;
    }

    private static final class LogbackAdapter implements Adapter {
        private final LogbackHarness harness;

        LogbackAdapter(LogbackHarness harness) {
            this.harness = harness;
        }

        @Override
        public void log(Event event) {
            LoggingEventBuilder builder = harness.logger(event.logger())
                    .atLevel(Level.valueOf(event.severity().name()));
            event.context().forEach(builder::addKeyValue);
            if (event.marker() != null) {
                builder.addMarker(marker(event.marker()));
            }
            if (event.thrown() != null) {
                builder.setCause(event.thrown());
            }
            builder.log(event.message());
        }

        @Override
        public List<String> reports() {
            return harness.status(Status.INFO).stream()
                    .filter(m -> m.startsWith("Appender [JOURNAL]: "))
                    .toList();
        }

        @Override
        public JournalClient client() {
            return harness.appender().getClient();
        }

        @Override
        public void close() {
            harness.close();
        }
    }
}
