package io.github.systemd4j.journal.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.testkit.ChildJvm;
import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.RealJournald;
import io.github.systemd4j.testkit.RealJournaldExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * What only the Logback appender has, against the real journald: MDC next to key-value pairs, its own
 * elements ({@code <field>}, {@code <layout>}, {@code <encoder>}, the {@code mdc*} names) and a service
 * configured by nothing but {@code logback.xml}. The shared behaviour is {@link LogbackContractIT}'s.
 */
@ExtendWith(RealJournaldExtension.class)
class JournalAppenderIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static JournalRecord one(RealJournald journald, String match) {
        return journald.await(1, WAIT, match).get(0);
    }

    @Test
    void ownElementsFieldsLayoutAndTheContextSourceSwitches(RealJournald journald) {
        String id = newId();
        try (LogbackHarness h = new LogbackHarness(
                LogbackHarness.resource("logback-own-elements.xml"),
                Map.of("JOURNAL_SOCKET", journald.socketPath(), "APP_VERSION", "1.2.3"))) {
            MDC.put("TEST_ID", id);
            MDC.put("DB_HOST", "db1");
            MDC.put("REQUEST_ID", "excluded");
            h.logger("com.example.Billing")
                    .atInfo()
                    .addKeyValue("ORDER", "key-values are off")
                    .setCause(new IllegalStateException("not in the layout's text"))
                    .log("with a layout");
        }
        JournalRecord r = one(journald, "CTX_TEST_ID=" + id);
        assertEquals("[" + Thread.currentThread().getName() + "] with a layout", r.get("MESSAGE"), "%nopex");
        assertEquals("1.2.3", r.get("APP_VERSION"), "<field> with a substituted variable");
        assertEquals("eu-1", r.get("DC"));
        assertEquals("db1", r.get("CTX_DB_HOST"), "mdcPrefix and mdcInclude");
        assertFalse(r.has("CTX_REQUEST_ID"), "mdcExclude");
        assertFalse(r.has("CTX_ORDER"), "logKeyValues=false");
        assertEquals("java.lang.IllegalStateException", r.get("EXCEPTION"), "fields beside the layout");
    }

    @Test
    void prefixIncludeAndExcludeFilterMdcAndKeyValuesAlike(RealJournald journald) {
        String id = newId();
        String xml = "<configuration><appender name='JOURNAL' class='" + JournalAppender.class.getName() + "'>"
                + "<socketPath>${JOURNAL_SOCKET}</socketPath><mdcPrefix>ctx_</mdcPrefix>"
                + "<mdcInclude>TEST_ID,DB_HOST,REQUEST_ID,ORDER</mdcInclude><mdcExclude>REQUEST_ID</mdcExclude>"
                + "</appender><root level='INFO'><appender-ref ref='JOURNAL'/></root></configuration>";
        try (LogbackHarness h = new LogbackHarness(xml, Map.of("JOURNAL_SOCKET", journald.socketPath()))) {
            MDC.put("TEST_ID", id);
            MDC.put("DB_HOST", "db1");
            MDC.put("REQUEST_ID", "mdc-excluded");
            MDC.put("OTHER", "mdc-not-included");
            h.logger("filters")
                    .atInfo()
                    .addKeyValue("ORDER", "o-1")
                    .addKeyValue("REQUEST_ID", "kv-excluded")
                    .addKeyValue("AMOUNT", "kv-not-included")
                    .log("filtered");
        }
        JournalRecord r = one(journald, "CTX_TEST_ID=" + id);
        assertEquals("db1", r.get("CTX_DB_HOST"), "MDC, prefixed");
        assertEquals("o-1", r.get("CTX_ORDER"), "key-value, prefixed like MDC");
        assertFalse(r.has("CTX_REQUEST_ID"), "excluded from MDC and key-values");
        assertFalse(r.has("CTX_OTHER"), "MDC key not included");
        assertFalse(r.has("CTX_AMOUNT"), "key-value key not included");
    }

    @Test
    void encoderRendersMessage(RealJournald journald) {
        String id = newId();
        String xml = "<configuration><appender name='JOURNAL' class='" + JournalAppender.class.getName() + "'>"
                + "<socketPath>" + journald.socketPath() + "</socketPath>"
                + "<encoder><pattern>%level %logger{0}: %msg%n</pattern></encoder>"
                + "</appender><root level='INFO'><appender-ref ref='JOURNAL'/></root></configuration>";
        try (LogbackHarness h = new LogbackHarness(xml, Map.of())) {
            MDC.put("TEST_ID", id);
            h.logger("com.example.Billing").warn("low balance");
        }
        JournalRecord r = one(journald, "TEST_ID=" + id);
        assertEquals("WARN Billing: low balance", r.get("MESSAGE"));
        assertEquals(id, r.get("TEST_ID"), "structured fields still written");
    }

    @Test
    void serviceConfiguredOnlyByLogbackXmlIsFoundByUnitAndField(RealJournald journald) throws Exception {
        String id = newId();
        Path config = Path.of(LogbackHarness.resource("logback-app.xml").toURI());
        List<JournalRecord> found;
        // The service stays up until its entries are read back: journald tags them with the unit then.
        try (ChildJvm.Running service = ChildJvm.of(LogbackService.class)
                .unit("app.service")
                .jvmArgs("-Dlogback.configurationFile=" + config, "-DJOURNAL_SOCKET=" + journald.socketPath())
                .args(id)
                .start(Duration.ofMinutes(1))) {
            found = journald.await(2, WAIT, "-u", "app", "DB_HOST=db1", "TEST_ID=" + id);
        }
        assertEquals("app", found.get(0).get("SYSLOG_IDENTIFIER"));
        assertEquals("app.service", found.get(0).get("_SYSTEMD_UNIT"));
        assertEquals("request handled", found.get(0).get("MESSAGE"));
        assertTrue(found.get(1).has("USER_ID"), "key-value pair next to the MDC");
    }

    /** Child main: a service that logs through SLF4J with MDC and nothing but logback.xml. */
    public static final class LogbackService {
        public static void main(String[] args) {
            Logger log = org.slf4j.LoggerFactory.getLogger("com.example.App");
            MDC.put("TEST_ID", args[0]);
            MDC.put("DB_HOST", "db1");
            log.info("request handled");
            log.atWarn().addKeyValue("USER_ID", "u-7").log("slow query");
            ((ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).stop();
        }
    }
}
