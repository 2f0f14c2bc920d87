package io.github.systemd4j.journal.logback;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A private Logback context configured from XML, with its status messages at hand. */
final class LogbackHarness implements AutoCloseable {
    final LoggerContext context = new LoggerContext();

    LogbackHarness(URL config, Map<String, String> properties) {
        this(read(config), properties);
    }

    LogbackHarness(String xml, Map<String, String> properties) {
        // A context of our own needs the MDC adapter SLF4J's MDC class writes to.
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
        properties.forEach(context::putProperty);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (JoranException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(URL url) {
        try (var in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static URL resource(String name) {
        return LogbackHarness.class.getResource("/" + name);
    }

    Logger logger(String name) {
        return context.getLogger(name);
    }

    JournalAppender appender() {
        return (JournalAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("JOURNAL");
    }

    /** Status messages at or above a level ({@link Status#INFO}, {@link Status#WARN}, {@link Status#ERROR}). */
    List<String> status(int level) {
        List<String> out = new ArrayList<>();
        for (Status s : context.getStatusManager().getCopyOfStatusList()) {
            if (s.getEffectiveLevel() >= level) {
                out.add(s.getMessage());
            }
        }
        return out;
    }

    @Override
    public void close() {
        context.stop();
    }
}
