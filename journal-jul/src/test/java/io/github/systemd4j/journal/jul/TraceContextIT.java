package io.github.systemd4j.journal.jul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.journal.jul.modular.ModularTraceApp;
import io.github.systemd4j.testkit.JournalRecord;
import io.github.systemd4j.testkit.RealJournald;
import io.github.systemd4j.testkit.RealJournaldExtension;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.MemoryHandler;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Trace correlation against the real journald: with the OpenTelemetry API and SDK on the class path
 * (no agent), records logged through JUL and through {@code System.getLogger} while a span is current
 * carry its {@code TRACE_ID}, {@code SPAN_ID} and {@code TRACE_FLAGS}, found by {@code journalctl
 * TRACE_ID=...}; no span, the switch off, another thread, or no OpenTelemetry API at all: no such
 * fields.
 */
@ExtendWith(RealJournaldExtension.class)
class TraceContextIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String KEY = JournalHandler.class.getName() + ".";
    private static final List<String> TRACE_FIELDS = List.of("TRACE_ID", "SPAN_ID", "TRACE_FLAGS");

    /**
     * A tracer as an application sets one up, the default sampler sampling every root span. With no
     * span processor at all the SDK hands out invalid spans: one that does nothing stands for the
     * exporter, which the test does not need.
     */
    private static final SdkTracerProvider TRACING =
            SdkTracerProvider.builder().addSpanProcessor(new Discard()).build();

    private final Tracer tracer = TRACING.get("systemd4j-test");

    @AfterEach
    void resetLogging() {
        JulConfig.reset();
    }

    @AfterAll
    static void stopTracing() {
        TRACING.close();
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** A root JournalHandler; the System.Logger finder's handler reads the same keys. */
    private static void configure(RealJournald journald, String... lines) {
        StringBuilder s = new StringBuilder("handlers=" + JournalHandler.class.getName() + "\n.level=ALL\n");
        s.append(KEY).append("socketPath=").append(journald.socketPath()).append('\n');
        for (String line : lines) {
            s.append(KEY).append(line).append('\n');
        }
        JulConfig.read(s.toString());
    }

    private static void assertSpan(SpanContext span, JournalRecord r) {
        assertEquals(span.getTraceId(), r.get("TRACE_ID"), r.toString());
        assertEquals(span.getSpanId(), r.get("SPAN_ID"), r.toString());
        assertEquals(span.getTraceFlags().asHex(), r.get("TRACE_FLAGS"), r.toString());
    }

    private static void assertNoTraceFields(JournalRecord r) {
        for (String field : TRACE_FIELDS) {
            assertFalse(r.has(field), field + " in " + r);
        }
    }

    @Test
    void julAndSystemLoggerRecordsCarryTheCurrentSpanAndAreFoundByTraceId(RealJournald journald) {
        configure(journald);
        assertInstanceOf(JournalLoggerFinder.class, System.LoggerFinder.getLoggerFinder());
        String id = newId();
        Logger jul = Logger.getLogger("com.example.Checkout");
        System.Logger system = System.getLogger("com.example.Checkout");

        Span span = tracer.spanBuilder("checkout").startSpan();
        try (Scope scope = span.makeCurrent()) {
            jul.log(Level.INFO, "paid", Map.of("TEST_ID", id, "ROUTE", "jul"));
            system.log(System.Logger.Level.WARNING, "slow", Map.of("TEST_ID", id, "ROUTE", "system"));
        } finally {
            span.end();
        }
        // A span context that is not sampled, as a propagated parent may be: its flags are 00.
        SpanContext unsampled = SpanContext.create(
                span.getSpanContext().getTraceId(),
                "00f067aa0ba902b7",
                TraceFlags.getDefault(),
                TraceState.getDefault());
        try (Scope scope = Span.wrap(unsampled).makeCurrent()) {
            jul.log(Level.INFO, "not sampled", Map.of("TEST_ID", id, "ROUTE", "unsampled"));
        }
        jul.log(Level.INFO, "no span", Map.of("TEST_ID", id, "ROUTE", "none"));
        system.log(System.Logger.Level.INFO, "no span", Map.of("TEST_ID", id, "ROUTE", "system-none"));

        SpanContext context = span.getSpanContext();
        assertTrue(context.isSampled(), "the SDK's default sampler");
        assertEquals(32, context.getTraceId().length());
        assertEquals(16, context.getSpanId().length());
        // journalctl TRACE_ID=<id>: the two records logged in the span and the unsampled one.
        List<JournalRecord> traced = journald.await(3, WAIT, "TRACE_ID=" + context.getTraceId());
        assertEquals(3, traced.size(), traced.toString());
        assertEquals("jul", traced.get(0).get("ROUTE"));
        assertSpan(context, traced.get(0));
        assertTrue(
                traced.get(0).get("TRACE_FLAGS").matches("[0-9a-f]{2}"),
                traced.get(0).toString());
        assertEquals("system", traced.get(1).get("ROUTE"));
        assertSpan(context, traced.get(1));
        assertEquals("unsampled", traced.get(2).get("ROUTE"));
        assertSpan(unsampled, traced.get(2));
        assertEquals("00", traced.get(2).get("TRACE_FLAGS"));

        List<JournalRecord> all = journald.await(5, WAIT, "TEST_ID=" + id);
        assertEquals(5, all.size(), all.toString());
        assertEquals("none", all.get(3).get("ROUTE"));
        assertNoTraceFields(all.get(3));
        assertEquals("system-none", all.get(4).get("ROUTE"));
        assertNoTraceFields(all.get(4));
    }

    @Test
    void switchedOffNeitherRouteWritesTraceFields(RealJournald journald) {
        configure(journald, "logTraceContext=false");
        String id = newId();
        Span span = tracer.spanBuilder("checkout").startSpan();
        try (Scope scope = span.makeCurrent()) {
            Logger.getLogger("com.example.Checkout").log(Level.INFO, "paid", Map.of("TEST_ID", id));
            System.getLogger("com.example.Checkout").log(System.Logger.Level.INFO, "shipped", Map.of("TEST_ID", id));
        } finally {
            span.end();
        }
        List<JournalRecord> rs = journald.await(2, WAIT, "TEST_ID=" + id);
        assertEquals(2, rs.size(), rs.toString());
        rs.forEach(TraceContextIT::assertNoTraceFields);
    }

    @Test
    void aRecordPushedOnAnotherThreadGetsNoneOfThatThreadsSpan(RealJournald journald) throws Exception {
        String id = newId();
        JournalHandler target = new JournalHandler(Map.of("socketPath", journald.socketPath()));
        // Buffers until a SEVERE record, then publishes the buffer on the thread that logged that one.
        MemoryHandler memory = new MemoryHandler(target, 10, Level.SEVERE);
        Logger log = Logger.getLogger("com.example.Buffered");
        log.setUseParentHandlers(false);
        log.addHandler(memory);
        try {
            Span first = tracer.spanBuilder("first").startSpan();
            try (Scope scope = first.makeCurrent()) {
                log.log(Level.INFO, "buffered", Map.of("TEST_ID", id, "STEP", "buffered"));
            } finally {
                first.end();
            }
            Span second = tracer.spanBuilder("second").startSpan();
            Thread pusher = new Thread(() -> {
                try (Scope scope = second.makeCurrent()) {
                    log.log(Level.SEVERE, "pushes", Map.of("TEST_ID", id, "STEP", "push"));
                }
            });
            pusher.start();
            pusher.join(TimeUnit.MINUTES.toMillis(1));
            assertFalse(pusher.isAlive());
            second.end();

            List<JournalRecord> rs = journald.await(2, WAIT, "TEST_ID=" + id);
            assertEquals(2, rs.size(), rs.toString());
            assertEquals("buffered", rs.get(0).get("STEP"));
            assertNoTraceFields(rs.get(0)); // not the pushing thread's span
            assertEquals("push", rs.get(1).get("STEP"));
            assertSpan(second.getSpanContext(), rs.get(1));
        } finally {
            log.removeHandler(memory);
            log.setUseParentHandlers(true);
            memory.close();
        }
    }

    @Test
    void withoutTheOpenTelemetryApiBothRoutesWriteAsBefore(RealJournald journald) throws Exception {
        String id = newId();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                classPathWithoutOpenTelemetry(),
                NoOpenTelemetryApp.class.getName(),
                journald.socketPath(),
                id));
        String output = run(command);
        assertEquals("no OpenTelemetry API\n", output, "nothing else printed: no error report");

        List<JournalRecord> rs = journald.await(2, WAIT, "TEST_ID=" + id);
        assertEquals(2, rs.size(), rs.toString());
        assertEquals("from JUL", rs.get(0).get("MESSAGE"));
        assertEquals("from System.Logger", rs.get(1).get("MESSAGE"));
        rs.forEach(TraceContextIT::assertNoTraceFields);
    }

    @ParameterizedTest(name = "OpenTelemetry API on the {0}")
    @ValueSource(strings = {"module path", "class path"})
    void journalJulOnTheModulePathReadsTheSpanWhereverTheApiIs(String apiOn, RealJournald journald) throws Exception {
        String traceId = newId();
        String spanId = traceId.substring(0, 16);
        Path stage = Files.createTempDirectory("modular-trace-app");
        try {
            String app = ModularTraceApp.class.getName().replace('.', '/') + ".class";
            Path target = stage.resolve(app);
            Files.createDirectories(target.getParent());
            Files.copy(Path.of(ModularTraceApp.class.getResource("/" + app).toURI()), target);
            List<String> systemd4j = new ArrayList<>();
            List<String> openTelemetry = new ArrayList<>();
            for (String entry : testClassPath()) {
                String name = Path.of(entry).getFileName().toString();
                if (name.startsWith("opentelemetry-api-")
                        || name.startsWith("opentelemetry-context-")
                        || name.startsWith("opentelemetry-common-")) {
                    openTelemetry.add(entry);
                } else if (name.startsWith("journal-jul-") && name.endsWith(".jar")
                        || name.startsWith("journal-core-") && !name.endsWith("-tests.jar")
                        || name.startsWith("socket-core-")
                        || name.startsWith("junixsocket-")) {
                    systemd4j.add(entry);
                }
            }
            assertEquals(3, openTelemetry.size(), openTelemetry.toString());
            boolean onModulePath = apiOn.equals("module path");
            List<String> modulePath = new ArrayList<>(systemd4j);
            List<String> classPath = new ArrayList<>(List.of(stage.toString()));
            (onModulePath ? modulePath : classPath).addAll(openTelemetry);
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=io.github.systemd4j.socket,org.newsclub.net.unix",
                    "--module-path",
                    String.join(File.pathSeparator, modulePath),
                    "--add-modules",
                    "ALL-MODULE-PATH",
                    "-cp",
                    String.join(File.pathSeparator, classPath),
                    ModularTraceApp.class.getName(),
                    journald.socketPath(),
                    traceId,
                    spanId);
            String output = run(command);
            assertTrue(output.contains("handler in module io.github.systemd4j.journal.jul\n"), output);
            assertTrue(output.contains(onModulePath ? "span in io.opentelemetry.api\n" : "span in null\n"), output);

            List<JournalRecord> rs = journald.await(2, WAIT, "TRACE_ID=" + traceId);
            assertEquals(2, rs.size(), rs.toString());
            assertEquals("from JUL", rs.get(0).get("MESSAGE"));
            assertEquals("from System.Logger", rs.get(1).get("MESSAGE"));
            for (JournalRecord r : rs) {
                assertEquals(spanId, r.get("SPAN_ID"), r.toString());
                assertEquals("01", r.get("TRACE_FLAGS"), r.toString());
            }
        } finally {
            try (Stream<Path> paths = Files.walk(stage)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toArray(Path[]::new)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Runs a child JVM to its end; returns its output, stdout and stderr together. */
    private static String run(List<String> command) throws Exception {
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(1, TimeUnit.MINUTES), output);
        assertEquals(0, child.exitValue(), output);
        return output;
    }

    private static List<String> testClassPath() {
        return List.of(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(File.pathSeparator));
    }

    /** The test class path (the packaged journal-jul jar among it) without the OpenTelemetry jars. */
    private static String classPathWithoutOpenTelemetry() {
        List<String> kept = new ArrayList<>();
        boolean removed = false;
        for (String entry : testClassPath()) {
            if (Path.of(entry).getFileName().toString().startsWith("opentelemetry-")) {
                removed = true;
            } else {
                kept.add(entry);
            }
        }
        assertTrue(removed, "the test class path has the OpenTelemetry jars: " + testClassPath());
        return String.join(File.pathSeparator, kept);
    }

    /** Spans are started and ended, and go nowhere. */
    private static final class Discard implements SpanProcessor {
        @Override
        public void onStart(Context parent, ReadWriteSpan span) {}

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {}

        @Override
        public boolean isEndRequired() {
            return false;
        }
    }
}
