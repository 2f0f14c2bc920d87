package io.github.systemd4j.benchmarks;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalCounters;
import io.github.systemd4j.journal.jul.JournalHandler;
import io.github.systemd4j.journal.logback.JournalAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.MDC;

/**
 * What a logging call costs the application thread, in async mode and beside the alternatives: bursts
 * of {@value #BURST} calls of the framework benchmarks' event (80-character message, 5 MDC or
 * ThreadContext entries), each burst timed on its own and started only once everything before it
 * reached the receiver (an untimed wait). A sustained loop would measure how fast the sender thread
 * empties the queue instead, since the caller outruns it; a burst that every queue holds measures the
 * caller. The synchronous routes pay the send inside the burst, as they always do.
 *
 * <p>Routes: our appender synchronous ({@code *-sync}) and with {@code async=true} ({@code *-async});
 * Logback's {@code AsyncAppender} (queue of 2 × the burst, nothing discarded) in front of our
 * synchronous appender; Log4j2's async logger (LMAX Disruptor) in front of our synchronous {@code
 * <Journal>}. One benchmark thread: run.sh runs this class with {@code -t 1} only.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(
        jvmArgsAppend = {
            "-Dlog4j2.enableThreadlocals=true",
            "-Dlog4j2.enableDirectEncoders=true",
            "-Dlog4j2.garbagefreeThreadContextMap=true",
            "-Dlog4j2.clock=SystemMillisClock",
            "-Dlog4j2.isWebapp=false"
        })
public class CallerCostBenchmark {
    /** Calls per timed burst: fewer than each route's queue holds (ours: 4096 small entries by default). */
    static final int BURST = 1000;

    @Param({
        "logback-sync",
        "logback-async",
        "logback-AsyncAppender",
        "log4j2-sync",
        "log4j2-async",
        "log4j2-AsyncLogger",
        "jul-sync",
        "jul-async"
    })
    public String route;

    private Runnable log;
    private Supplier<JournalClient> client;
    private Runnable stop;
    private long logged;

    @Setup(Level.Trial)
    public void start() throws IOException {
        String framework = route.substring(0, route.indexOf('-'));
        String mode = route.substring(route.indexOf('-') + 1);
        switch (framework) {
            case "logback":
                startLogback(mode);
                break;
            case "log4j2":
                startLog4j2(mode);
                break;
            case "jul":
                startJul(mode);
                break;
            default:
                throw new IllegalArgumentException(route);
        }
    }

    private void startLogback(String mode) {
        for (String[] kv : BenchEvent.MDC) {
            MDC.put(kv[0], kv[1]);
        }
        ch.qos.logback.classic.LoggerContext context = new ch.qos.logback.classic.LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        JournalAppender journal = new JournalAppender();
        journal.setContext(context);
        journal.setName("journal");
        journal.setSocketPath(Destination.socket());
        journal.setSyslogIdentifier("bench");
        journal.setAsync(Boolean.toString(mode.equals("async")));
        journal.start();
        Appender<ILoggingEvent> top = journal;
        if (mode.equals("AsyncAppender")) {
            AsyncAppender async = new AsyncAppender();
            async.setContext(context);
            async.setName("async");
            async.setQueueSize(2 * BURST);
            async.setDiscardingThreshold(0);
            async.addAppender(journal);
            async.start();
            top = async;
        }
        ch.qos.logback.classic.Logger logger = context.getLogger(BenchEvent.LOGGER);
        logger.setAdditive(false);
        logger.addAppender(top);
        log = () -> logger.info(BenchEvent.MESSAGE);
        client = journal::getClient;
        stop = context::stop;
    }

    private void startLog4j2(String mode) throws IOException {
        for (String[] kv : BenchEvent.MDC) {
            ThreadContext.put(kv[0], kv[1]);
        }
        String journal = "<Journal name='out' syslogIdentifier='bench' socketPath='" + Destination.socket() + "'"
                + (mode.equals("async") ? " async='true'" : "") + "/>";
        String logger = mode.equals("AsyncLogger")
                ? "<AsyncLogger name='" + BenchEvent.LOGGER + "' level='info' additivity='false'>"
                        + "<AppenderRef ref='out'/></AsyncLogger>"
                : "";
        Path config = Files.createTempFile("log4j2-bench", ".xml");
        Files.writeString(
                config,
                "<Configuration status='warn'><Appenders>" + journal + "</Appenders><Loggers>" + logger
                        + "<Root level='info'><AppenderRef ref='out'/></Root></Loggers></Configuration>");
        LoggerContext context = Configurator.initialize("bench-" + route, config.toString());
        Files.delete(config);
        io.github.systemd4j.journal.log4j2.JournalAppender appender =
                context.getConfiguration().getAppender("out");
        if (appender == null) {
            throw new IllegalStateException("Log4j did not create the <Journal> appender");
        }
        org.apache.logging.log4j.Logger l = context.getLogger(BenchEvent.LOGGER);
        log = () -> l.info(BenchEvent.MESSAGE);
        client = appender::getClient;
        stop = () -> Configurator.shutdown(context);
    }

    private void startJul(String mode) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(BenchEvent.LOGGER);
        logger.setUseParentHandlers(false);
        Map<String, String> settings = new HashMap<>();
        settings.put("socketPath", Destination.socket());
        settings.put("syslogIdentifier", "bench");
        settings.put("async", Boolean.toString(mode.equals("async")));
        JournalHandler handler = new JournalHandler(settings);
        logger.addHandler(handler);
        log = () -> logger.info(BenchEvent.MESSAGE);
        client = handler::getClient;
        stop = () -> {
            logger.removeHandler(handler);
            handler.close();
        };
    }

    /** Untimed: the next burst starts with every queue empty and every entry of the last one sent. */
    @Setup(Level.Invocation)
    public void awaitDelivered() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            JournalCounters c = client.get().counters();
            if (c.dropped() + c.failed() > 0) {
                throw new IllegalStateException("entries were lost, the measurement is void: " + c);
            }
            if (c.sent() >= logged) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(c.sent() + " of " + logged + " entries arrived in 30 s");
            }
            // 0.1 ms on every JDK (Thread.sleep rounds it up to 1 ms before Java 21).
            LockSupport.parkNanos(100_000);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        stop.run();
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void burst() {
        for (int i = 0; i < BURST; i++) {
            log.run();
        }
        logged += BURST;
    }
}
