package io.github.systemd4j.journal.jul;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** JUL's one global configuration, set from test properties and put back afterwards. */
final class JulConfig {
    private JulConfig() {}

    /** A properties resource with {@code ${NAME}} placeholders filled in. */
    static String resource(String name, Map<String, String> variables) {
        try (InputStream in = JulConfig.class.getResourceAsStream("/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> v : variables.entrySet()) {
                text = text.replace("${" + v.getKey() + "}", v.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces the LogManager's configuration, as {@code -Djava.util.logging.config.file} would. The
     * JDK's JMX logs every MBean server call at FINER through {@code System.Logger}, which this
     * module's finder sends to the journal: {@code javax.management} stays at INFO, so that a
     * configuration at {@code ALL} does not record the handlers' own MXBeans being registered and read.
     */
    static void read(String properties) {
        String quietJmx = properties + "\njavax.management.level=INFO\n";
        try {
            LogManager.getLogManager()
                    .readConfiguration(new ByteArrayInputStream(quietJmx.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Back to the JDK's default configuration (closes the handlers the tests installed). */
    static void reset() {
        try {
            LogManager.getLogManager().readConfiguration();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@link JournalHandler} the configuration installed on the root logger. */
    static JournalHandler rootHandler() {
        for (Handler h : Logger.getLogger("").getHandlers()) {
            if (h instanceof JournalHandler) {
                return (JournalHandler) h;
            }
        }
        throw new AssertionError("no JournalHandler on the root logger");
    }
}
