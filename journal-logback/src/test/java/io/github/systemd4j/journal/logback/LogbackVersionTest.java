package io.github.systemd4j.journal.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The Logback this test run loads is the one the build's cell names ({@code systemd4j.expected.logback}):
 * the compatibility matrix tests what it claims.
 */
class LogbackVersionTest {
    static String jarName(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getFileName()
                .toString();
    }

    @Test
    void loadedLogbackIsTheExpectedVersion() throws Exception {
        String expected = System.getProperty("systemd4j.expected.logback");
        assertEquals("logback-classic-" + expected + ".jar", jarName(LoggerContext.class));
        assertEquals("logback-core-" + expected + ".jar", jarName(Appender.class));
    }
}
