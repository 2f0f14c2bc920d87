package io.github.systemd4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import io.github.systemd4j.notify.NotifyEnvironment;
import io.github.systemd4j.testkit.FakeJournald;
import io.github.systemd4j.testkit.JournalRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.info.Info;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Journal logging through Spring Boot's Logback logging system: a real {@code SpringApplication}
 * whose starter listener sees a given environment, logging to a fake journald.
 */
class JournalLoggingTest {
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

    /** An application without beans: the logging is all the listener's. */
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

    private static SystemdEnvironment outsideSystemd() {
        return new SystemdEnvironment(Map.of(), Path.of("/dev/null"), Path.of("/dev/null"));
    }

    /** A service whose standard output is the journal: JOURNAL_STREAM names a file standing for it. */
    private SystemdEnvironment stdoutIsTheJournal() throws Exception {
        Path stream = Files.createFile(dir.resolve("stream"));
        String id = Files.getAttribute(stream, "unix:dev") + ":" + Files.getAttribute(stream, "unix:ino");
        return new SystemdEnvironment(
                Map.of("INVOCATION_ID", "0123", "JOURNAL_STREAM", id), stream, Path.of("/dev/null"));
    }

    private static List<String> rootAppenders() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        List<String> names = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(a -> names.add(describe(a)));
        return names;
    }

    private static String describe(Appender<?> appender) {
        return appender instanceof ConsoleAppender ? "console" : appender.getName();
    }

    private JournalRecord logAndAwait(String text) {
        String id = UUID.randomUUID().toString();
        MDC.put("DB_HOST", "db1");
        MDC.put("USER_ID", "42");
        try {
            LoggerFactory.getLogger("orders").info(text + " " + id);
        } finally {
            MDC.clear();
        }
        return journald.awaitRecords(r -> (text + " " + id).equals(r.get("MESSAGE")), 1, WAIT)
                .get(0);
    }

    @Test
    void theSharedPropertiesReachTheAppender() {
        try (ConfigurableApplicationContext context = run(
                outsideSystemd(),
                "--systemd4j.journal.enabled=true",
                "--systemd4j.journal.socket-path=" + journald.socketPath(),
                "--systemd4j.journal.syslog-identifier=orders",
                "--systemd4j.journal.fields=APP_VERSION=1.2",
                "--systemd4j.journal.context-include=DB_HOST",
                "--systemd4j.journal.log-thread-name=false")) {
            JournalRecord entry = logAndAwait("order listed");
            assertThat(entry.get("SYSLOG_IDENTIFIER")).isEqualTo("orders");
            assertThat(entry.get("APP_VERSION")).isEqualTo("1.2");
            assertThat(entry.get("DB_HOST")).isEqualTo("db1");
            assertThat(entry.get("LOGGER")).isEqualTo("orders");
            assertThat(entry.has("USER_ID")).isFalse();
            assertThat(entry.has("THREAD_NAME")).isFalse();
            assertThat(rootAppenders()).contains(SystemdJournalLogging.APPENDER_NAME, "console");
        }
    }

    @Test
    void addedUnderSystemdWithoutAnySetting() throws Exception {
        SystemdEnvironment service =
                new SystemdEnvironment(Map.of("INVOCATION_ID", "0123"), Path.of("/dev/null"), Path.of("/dev/null"));
        try (ConfigurableApplicationContext context =
                run(service, "--systemd4j.journal.socket-path=" + journald.socketPath())) {
            logAndAwait("order listed");
            // Standard output is not the journal here: the console stays.
            assertThat(rootAppenders()).containsExactly("console", SystemdJournalLogging.APPENDER_NAME);
        }
    }

    @Test
    void notAddedOutsideSystemdOrWhenDisabled() throws Exception {
        try (ConfigurableApplicationContext context = run(outsideSystemd())) {
            assertThat(rootAppenders()).containsExactly("console");
        }
        try (ConfigurableApplicationContext context = run(stdoutIsTheJournal(), "--systemd4j.journal.enabled=false")) {
            assertThat(rootAppenders()).containsExactly("console");
        }
    }

    @Test
    void theConsoleGoesWhenStandardOutputIsTheJournal() throws Exception {
        try (ConfigurableApplicationContext context =
                run(stdoutIsTheJournal(), "--systemd4j.journal.socket-path=" + journald.socketPath())) {
            assertThat(rootAppenders()).containsExactly(SystemdJournalLogging.APPENDER_NAME);
            logAndAwait("order listed");
        }
    }

    @Test
    void keepConsoleKeepsIt() throws Exception {
        try (ConfigurableApplicationContext context = run(
                stdoutIsTheJournal(),
                "--systemd4j.journal.socket-path=" + journald.socketPath(),
                "--systemd4j.journal.keep-console=true")) {
            assertThat(rootAppenders()).containsExactly("console", SystemdJournalLogging.APPENDER_NAME);
        }
    }

    @Test
    void theApplicationsOwnJournalAppenderWins() throws Exception {
        try (ConfigurableApplicationContext context = run(
                stdoutIsTheJournal(),
                "--logging.config=classpath:own-journal-appender.xml",
                "--test.journal.socket=" + journald.socketPath(),
                "--systemd4j.journal.enabled=true")) {
            assertThat(rootAppenders()).containsExactly("MINE");
            assertThat(logAndAwait("order listed").get("SYSLOG_IDENTIFIER")).isEqualTo("mine");
        }
    }

    @Test
    void anInvalidValueFailsTheStartNamingIt() {
        assertThatThrownBy(() -> run(
                        outsideSystemd(), "--systemd4j.journal.enabled=true", "--systemd4j.journal.send-timeout=soon"))
                .hasMessageContaining("systemd4j.journal.* is not valid")
                .hasMessageContaining("sendTimeout")
                .hasMessageContaining("soon")
                .hasMessageNotContaining("journald is not used");
        assertThat(LogbackJournal.appenders((LoggerContext) LoggerFactory.getILoggerFactory()))
                .isEmpty();
    }

    @Test
    void metersAndInfoCountTheEntriesSent() {
        try (ConfigurableApplicationContext context = run(
                outsideSystemd(),
                "--systemd4j.journal.enabled=true",
                "--systemd4j.journal.socket-path=" + journald.socketPath())) {
            logAndAwait("one");
            logAndAwait("two");
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            SystemdMeterBinder binder = new SystemdMeterBinder(null);
            binder.bindTo(registry);
            System.gc(); // Micrometer holds the meters' objects weakly; the binder must keep them
            double sent = registry.get("systemd4j.journal.entries.sent")
                    .tag("appender", SystemdJournalLogging.APPENDER_NAME)
                    .functionCounter()
                    .count();
            assertThat(sent).isGreaterThanOrEqualTo(2);
            assertThat(binder).isNotNull(); // still reachable, as the binder bean is in a context
            for (String meter : List.of("fd", "dropped", "failed", "truncated")) {
                assertThat(registry.get("systemd4j.journal.entries." + meter)
                                .functionCounter()
                                .count())
                        .as(meter)
                        .isZero();
            }

            Info.Builder info = new Info.Builder();
            new SystemdInfoContributor(null, null).contribute(info);
            @SuppressWarnings("unchecked")
            Map<String, Object> systemd = (Map<String, Object>) info.build().get("systemd");
            assertThat(systemd).containsEntry("notify", false);
            assertThat(systemd.get("journal").toString()).contains(SystemdJournalLogging.APPENDER_NAME + "={sent=");
        }
    }
}
