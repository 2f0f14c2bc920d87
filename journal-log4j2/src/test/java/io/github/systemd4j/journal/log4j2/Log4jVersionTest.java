package io.github.systemd4j.journal.log4j2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;

/**
 * The Log4j this test run loads is the one the build's cell names ({@code systemd4j.expected.log4j}):
 * the compatibility matrix tests what it claims.
 */
class Log4jVersionTest {
    static String jarName(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getFileName()
                .toString();
    }

    @Test
    void loadedLog4jIsTheExpectedVersion() throws Exception {
        String expected = System.getProperty("systemd4j.expected.log4j");
        assertEquals("log4j-api-" + expected + ".jar", jarName(LogManager.class));
        assertEquals("log4j-core-" + expected + ".jar", jarName(LoggerContext.class));
    }
}
