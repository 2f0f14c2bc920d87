package io.github.systemd4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.systemd4j.notify.NotifyEnvironment;
import io.github.systemd4j.testkit.FakeJournald;
import io.github.systemd4j.testkit.JournalRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.log4j2.Log4J2LoggingSystem;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Journal logging through Spring Boot's Log4j2 logging system ({@code spring-boot-starter-log4j2}
 * instead of Logback). Runs in a test execution of its own whose class path has log4j-core and
 * log4j-slf4j2-impl and no Logback, as such an application's has.
 */
class Log4j2BootLoggingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private FakeJournald journald;

    @BeforeEach
    void startJournald() throws Exception {
        journald = FakeJournald.start(dir);
    }

    @AfterEach
    void stopJournald() {
        journald.close();
    }

    /** An application without beans. */
    @Configuration(proxyBeanMethods = false)
    static class NoBeans {}

    private ConfigurableApplicationContext run(SystemdEnvironment environment, String... args) {
        SpringApplication application = new SpringApplication(NoBeans.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        List<ApplicationListener<?>> listeners = new ArrayList<>(application.getListeners());
        listeners.removeIf(l -> l instanceof SystemdApplicationListener);
        listeners.add(new SystemdApplicationListener(environment, NotifyEnvironment.of(Map.of())));
        application.setListeners(listeners);
        return application.run(args);
    }

    private SystemdEnvironment stdoutIsTheJournal() throws Exception {
        Path stream = Files.createFile(dir.resolve("stream"));
        String id = Files.getAttribute(stream, "unix:dev") + ":" + Files.getAttribute(stream, "unix:ino");
        return new SystemdEnvironment(
                Map.of("INVOCATION_ID", "0123", "JOURNAL_STREAM", id), stream, Path.of("/dev/null"));
    }

    private static List<String> rootAppenders() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        List<String> names = new ArrayList<>();
        context.getConfiguration()
                .getRootLogger()
                .getAppenders()
                .values()
                .forEach(a -> names.add(a instanceof ConsoleAppender ? "console" : a.getName()));
        return names;
    }

    @Test
    void springBootsLog4j2GetsTheAppenderUnderSystemd() throws Exception {
        try (ConfigurableApplicationContext context = run(
                stdoutIsTheJournal(),
                "--systemd4j.journal.socket-path=" + journald.socketPath(),
                "--systemd4j.journal.syslog-identifier=orders")) {
            assertThat(context.getBean(LoggingSystem.class)).isInstanceOf(Log4J2LoggingSystem.class);
            // Spring Boot's console appender is gone: standard output is the journal.
            assertThat(rootAppenders()).containsExactly(SystemdJournalLogging.APPENDER_NAME);

            String id = UUID.randomUUID().toString();
            ThreadContext.put("DB_HOST", "db1");
            try {
                org.slf4j.LoggerFactory.getLogger("orders").info("order listed {}", id);
            } finally {
                ThreadContext.clearMap();
            }
            JournalRecord entry = journald.awaitRecords(r -> ("order listed " + id).equals(r.get("MESSAGE")), 1, WAIT)
                    .get(0);
            assertThat(entry.get("DB_HOST")).isEqualTo("db1");
            assertThat(entry.get("SYSLOG_IDENTIFIER")).isEqualTo("orders");
            assertThat(entry.get("LOGGER")).isEqualTo("orders");
            assertThat(entry.get("PRIORITY")).isEqualTo("6");
        }
    }

    @Test
    void keepConsoleKeepsSpringBootsConsoleAppender() throws Exception {
        try (ConfigurableApplicationContext context = run(
                stdoutIsTheJournal(),
                "--systemd4j.journal.socket-path=" + journald.socketPath(),
                "--systemd4j.journal.keep-console=true")) {
            assertThat(rootAppenders()).containsExactlyInAnyOrder("console", SystemdJournalLogging.APPENDER_NAME);
        }
    }
}
