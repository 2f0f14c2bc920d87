package io.github.systemd4j.journal.log4j2;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * A private Log4j {@link LoggerContext} configured from XML, with the status messages logged while it
 * lived at hand. {@code @NAME@} tokens in the XML are replaced before Log4j reads it.
 */
final class Log4jHarness implements AutoCloseable {
    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    final LoggerContext context;
    private final StatusCapture status = new StatusCapture();

    Log4jHarness(String xml, Map<String, String> tokens) {
        StatusLogger.getLogger().registerListener(status);
        context = new LoggerContext("journal-test-" + CONTEXTS.incrementAndGet());
        context.start(configuration(xml, tokens));
    }

    /** Replaces the configuration, as a {@code monitorInterval} reload does. */
    void reconfigure(String xml, Map<String, String> tokens) {
        context.reconfigure(configuration(xml, tokens));
    }

    private XmlConfiguration configuration(String xml, Map<String, String> tokens) {
        try {
            byte[] bytes = substitute(xml, tokens).getBytes(StandardCharsets.UTF_8);
            return new XmlConfiguration(context, new ConfigurationSource(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Log4jHarness fromResource(String name, Map<String, String> tokens) {
        return new Log4jHarness(read(name), tokens);
    }

    static String read(String resource) {
        try (InputStream in = Log4jHarness.class.getResourceAsStream("/" + resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String substitute(String xml, Map<String, String> tokens) {
        for (Map.Entry<String, String> t : tokens.entrySet()) {
            xml = xml.replace("@" + t.getKey() + "@", t.getValue());
        }
        return xml;
    }

    /**
     * A minimal configuration: one {@code <Journal name="journal">} with the given attributes and
     * children under the root logger at TRACE.
     */
    static String journalConfig(String attributes, String children) {
        return "<Configuration status='off'><Appenders><Journal name='journal' " + attributes + ">" + children
                + "</Journal></Appenders><Loggers><Root level='TRACE'><AppenderRef ref='journal'/></Root>"
                + "</Loggers></Configuration>";
    }

    Logger logger(String name) {
        return context.getLogger(name);
    }

    /** The appender named {@code journal}, or null if it could not be built. */
    JournalAppender appender() {
        return context.getConfiguration().getAppender("journal");
    }

    /** Status messages at or above a level, as formatted by Log4j. */
    List<String> status(Level atLeast) {
        return status.messages(atLeast);
    }

    @Override
    public void close() {
        context.stop();
        StatusLogger.getLogger().removeListener(status);
    }

    /** Records every status message. */
    static final class StatusCapture implements StatusListener {
        private final List<StatusData> data = new CopyOnWriteArrayList<>();

        @Override
        public void log(StatusData d) {
            data.add(d);
        }

        @Override
        public Level getStatusLevel() {
            return Level.ALL;
        }

        List<String> messages(Level atLeast) {
            return data.stream()
                    .filter(d -> d.getLevel().isMoreSpecificThan(atLeast))
                    .map(d -> d.getMessage().getFormattedMessage())
                    .toList();
        }

        @Override
        public void close() {}
    }
}
