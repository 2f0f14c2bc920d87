package io.github.systemd4j.journal.log4j2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.journal.contract.DefaultsJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code status} attribute decides who shows the appender's notices, in a JVM of its own (the
 * status logger is one per JVM): Log4j itself from {@code warn} on, nobody with {@code off}, the
 * appender by default (the contract's {@code withTheFrameworksDefaults…} cases).
 */
class StatusLevelTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private String run(String status) throws Exception {
        Path config = Files.writeString(
                dir.resolve("log4j2.xml"),
                "<Configuration status='" + status + "'><Appenders><Journal name='journal' socketPath='"
                        + dir.resolve("absent") + "'/></Appenders><Loggers><Root level='INFO'>"
                        + "<AppenderRef ref='journal'/></Root></Loggers></Configuration>");
        try (DefaultsJvm app = DefaultsJvm.start(
                List.of("-Dlog4j2.configurationFile=" + config, Log4j2ContractIT.StdinLogger.class.getName()))) {
            app.log("to the fallback");
            return app.finish(WAIT);
        }
    }

    @ParameterizedTest(name = "status={0}")
    @CsvSource({"warn", "info", "debug"})
    void fromWarnOnLog4jShowsTheNoticeAndTheAppenderDoesNot(String status) throws Exception {
        String shown = run(status);
        List<String> notices = shown.lines()
                .filter(l -> l.contains("No journal socket at " + dir.resolve("absent")))
                .toList();
        assertEquals(1, notices.size(), shown);
        assertTrue(notices.get(0).contains("WARN Journal appender [journal]: No journal socket"), shown);
        assertTrue(shown.contains(" - to the fallback"), shown);
    }

    @Test
    void offSilencesIt() throws Exception {
        String shown = run("off");
        List<String> notices = shown.lines().filter(l -> l.contains("absent")).toList();
        String[] version = System.getProperty("systemd4j.expected.log4j").split("\\.");
        if (Integer.parseInt(version[0]) > 2 || Integer.parseInt(version[1]) >= 24) {
            assertEquals(List.of(), notices, shown);
        } else {
            // Before Log4j 2.24 status="off" leaves the status logger's console logger printing errors,
            // so the appender prints its notice with them, as the README says.
            assertEquals(1, notices.size(), shown);
            assertTrue(notices.get(0).startsWith("systemd4j: Log4j2 Journal appender [journal]: "), shown);
        }
        assertTrue(shown.contains(" - to the fallback"), shown);
    }
}
