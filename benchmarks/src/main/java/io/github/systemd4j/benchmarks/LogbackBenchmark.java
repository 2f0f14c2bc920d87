package io.github.systemd4j.benchmarks;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.github.systemd4j.journal.logback.JournalAppender;
import java.util.concurrent.TimeUnit;
import org.gnieh.logback.SystemdJournalAppender;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.MDC;

/**
 * The same Logback event (80-character message, 5 MDC entries, logger and thread name) through our
 * appender, the JNA-based {@code org.gnieh:logback-journal:0.3.0}, and Logback's FileAppender to
 * {@code /dev/shm}; and a baseline appender that only keeps a reference to the event, which is what
 * Logback itself costs and allocates per event for any appender that uses the event (with a no-op
 * appender, escape analysis removes the event altogether), so that what ours adds can be read off. The JNA appender always writes to {@code /run/systemd/journal/socket}; run.sh
 * puts the draining receiver there in a private mount namespace.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class LogbackBenchmark {
    @Param({"systemd4j", "gnieh-jna", "file-dev-shm", "baseline"})
    public String appender;

    private static final String FILE = "/dev/shm/bench-logback.log";

    private LoggerContext context;
    private Logger logger;

    /** Each benchmark thread logs with the same five MDC entries. */
    @State(Scope.Thread)
    public static class ThreadMdc {
        @Setup
        public void put() {
            for (String[] kv : BenchEvent.MDC) {
                MDC.put(kv[0], kv[1]);
            }
        }
    }

    @Setup
    public void start() {
        context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        Appender<ILoggingEvent> a = create();
        a.setContext(context);
        a.start();
        logger = context.getLogger(BenchEvent.LOGGER);
        logger.setAdditive(false);
        logger.addAppender(a);
    }

    private Appender<ILoggingEvent> create() {
        switch (appender) {
            case "systemd4j": {
                JournalAppender a = new JournalAppender();
                a.setSocketPath(Destination.socket());
                a.setSyslogIdentifier("bench");
                return a;
            }
            case "gnieh-jna": {
                SystemdJournalAppender a = new SystemdJournalAppender();
                a.setSyslogIdentifier("bench");
                a.setLogLoggerName(true);
                a.setLogThreadName(true);
                a.setLogMdc(true);
                a.setLogLocation(false);
                return a;
            }
            case "file-dev-shm": {
                FileAppender<ILoggingEvent> a = new FileAppender<>();
                a.setFile(FILE);
                a.setAppend(false);
                PatternLayoutEncoder encoder = new PatternLayoutEncoder();
                encoder.setContext(context);
                encoder.setPattern("%d{ISO8601} %level [%thread] %logger %mdc - %msg%n");
                encoder.start();
                a.setEncoder(encoder);
                return a;
            }
            case "baseline":
                return new KeepLastEvent();
            default:
                throw new IllegalArgumentException(appender);
        }
    }

    @TearDown
    public void stop() throws java.io.IOException {
        context.stop();
        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(FILE));
    }

    @Benchmark
    public void logInfo(ThreadMdc mdc) {
        logger.info(BenchEvent.MESSAGE);
    }

    /** Keeps the last event: the event escapes, as it does into any appender that reads it. */
    static final class KeepLastEvent extends UnsynchronizedAppenderBase<ILoggingEvent> {
        volatile ILoggingEvent last;

        @Override
        protected void append(ILoggingEvent event) {
            last = event;
        }
    }
}
