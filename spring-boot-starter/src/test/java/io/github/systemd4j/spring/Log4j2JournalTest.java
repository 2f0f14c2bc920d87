package io.github.systemd4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.systemd4j.testkit.FakeJournald;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal appender on a Log4j2 configuration such as Spring Boot's (a console appender on the
 * root logger), with the shared properties, in a Log4j2 context of its own and a fake journald.
 */
class Log4j2JournalTest {
    @TempDir
    Path dir;

    private FakeJournald journald;
    private LoggerContext context;

    @BeforeEach
    void start() throws Exception {
        journald = FakeJournald.start(dir);
        context = new LoggerContext("Log4j2JournalTest");
        context.start(new DefaultConfiguration()); // root: a ConsoleAppender named DefaultConsole-…
    }

    @AfterEach
    void stop() {
        context.stop();
        journald.close();
    }

    private Map<String, String> settings(String... extra) {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("socketPath", journald.socketPath());
        for (int i = 0; i < extra.length; i += 2) {
            settings.put(extra[i], extra[i + 1]);
        }
        return settings;
    }

    @Test
    void addedToTheRootLoggerWithTheSharedProperties() {
        assertThat(Log4j2Journal.install(context, settings("syslogIdentifier", "orders", "fields", "APP=1"), false))
                .isTrue();
        context.getLogger("orders").error("order listed"); // the default configuration logs ERROR and above
        var entry = journald.awaitRecords(r -> "order listed".equals(r.get("MESSAGE")), 1, Duration.ofSeconds(10))
                .get(0);
        assertThat(entry.get("SYSLOG_IDENTIFIER")).isEqualTo("orders");
        assertThat(entry.get("APP")).isEqualTo("1");
        assertThat(context.getConfiguration().getRootLogger().getAppenders().values())
                .anyMatch(a -> a instanceof ConsoleAppender);
        assertThat(Log4j2Journal.appenders(context)).hasSize(1);
    }

    @Test
    void theConsoleGoesWhenAsked() {
        Log4j2Journal.install(context, settings(), true);
        Configuration config = context.getConfiguration();
        assertThat(config.getRootLogger().getAppenders().keySet()).containsExactly(SystemdJournalLogging.APPENDER_NAME);
    }

    @Test
    void theConfigurationsOwnJournalAppenderWins() {
        Log4j2Journal.install(context, settings("syslogIdentifier", "first"), false);
        assertThat(Log4j2Journal.install(context, settings("syslogIdentifier", "second"), true))
                .isFalse();
        assertThat(Log4j2Journal.appenders(context)).hasSize(1);
    }

    @Test
    void anInvalidValueIsReportedWithLog4jsReason() {
        assertThatThrownBy(() -> Log4j2Journal.install(context, settings("maxEntrySize", "huge"), false))
                .hasMessageContaining("systemd4j.journal.* is not valid")
                .hasMessageContaining("huge")
                .hasMessageNotContaining("journald is not used");
        assertThat(Log4j2Journal.appenders(context)).isEmpty();
    }
}
