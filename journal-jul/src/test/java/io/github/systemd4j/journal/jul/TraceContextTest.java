package io.github.systemd4j.journal.jul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.testkit.FakeJournald;
import io.github.systemd4j.testkit.JournalRecord;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.ErrorManager;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code logTraceContext} key, against {@link FakeJournald}; the fields themselves: {@link TraceContextIT}. */
class TraceContextTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String KEY = JournalHandler.class.getName() + ".";

    /** A span as a propagated, sampled parent makes current; no SDK needed. */
    private static final SpanContext SPAN = SpanContext.create(
            "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());

    @TempDir
    Path dir;

    @AfterEach
    void resetLogging() {
        JulConfig.reset();
    }

    private static JournalRecord logInSpan(FakeJournald journald, Runnable log) {
        try (Scope scope = Span.wrap(SPAN).makeCurrent()) {
            log.run();
        }
        return journald.awaitRecords(1, WAIT).get(0);
    }

    @Test
    void theOpenTelemetryApiOnTheTestClassPathIsFound() {
        assertTrue(TraceContext.available());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "logTraceContext=true", "logTraceContext=maybe"})
    void onByDefaultAndWhenTheValueCannotBeUsed(String line) throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir)) {
            JulConfig.read("handlers=" + JournalHandler.class.getName() + "\n"
                    + KEY + "socketPath=" + journald.socketPath() + "\n"
                    + KEY + "errorManager=" + RecordingErrorManager.class.getName() + "\n"
                    + KEY + line + "\n");
            JournalRecord r = logInSpan(journald, () -> Logger.getLogger("x").info("in a span"));
            assertEquals(SPAN.getTraceId(), r.get("TRACE_ID"));
            assertEquals(SPAN.getSpanId(), r.get("SPAN_ID"));
            assertEquals("01", r.get("TRACE_FLAGS"));
            List<String> problems =
                    RecordingErrorManager.of(JulConfig.rootHandler()).messages(ErrorManager.OPEN_FAILURE);
            if (line.endsWith("maybe")) {
                assertEquals(
                        List.of(KEY + "logTraceContext=maybe: must be true or false; the default is used"), problems);
            } else {
                assertEquals(List.of(), problems);
            }
        }
    }

    @Test
    void theProgrammaticHandlerTakesTheKeyAndRejectsAnUnusableValue() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir)) {
            JournalHandler off =
                    new JournalHandler(Map.of("socketPath", journald.socketPath(), "logTraceContext", "false"));
            Logger log = Logger.getLogger("programmatic");
            log.setUseParentHandlers(false);
            log.addHandler(off);
            try {
                JournalRecord r = logInSpan(journald, () -> log.info("switched off"));
                assertEquals("switched off", r.get("MESSAGE"));
                assertFalse(r.has("TRACE_ID"), r.toString());
                assertFalse(r.has("SPAN_ID"), r.toString());
                assertFalse(r.has("TRACE_FLAGS"), r.toString());
            } finally {
                log.removeHandler(off);
                log.setUseParentHandlers(true);
                off.close();
            }
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> new JournalHandler(Map.of("socketPath", journald.socketPath(), "logTraceContext", "maybe")));
            assertTrue(e.getMessage().contains("logTraceContext=maybe"), e.getMessage());
        }
    }
}
