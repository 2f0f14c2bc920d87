package io.github.systemd4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The same Log4j2 event (80-character message, 5 ThreadContext entries, logger and thread name) in
 * Log4j's garbage-free mode through our {@code <Journal>}, the JNA-based {@code
 * de.bwaldvogel:log4j-systemd-journal-appender:2.4.0}, and Log4j's RandomAccessFile appender to {@code
 * /dev/shm}.
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
public class Log4j2Benchmark {
    private static final String FILE = "/dev/shm/bench-log4j2.log";

    @Param({"systemd4j", "bwaldvogel-jna", "file-dev-shm"})
    public String appender;

    private LoggerContext context;
    private Logger logger;
    private Path config;

    /** Each benchmark thread logs with the same five ThreadContext entries. */
    @State(Scope.Thread)
    public static class ThreadMdc {
        @Setup
        public void put() {
            for (String[] kv : BenchEvent.MDC) {
                ThreadContext.put(kv[0], kv[1]);
            }
        }
    }

    @Setup
    public void start() throws IOException {
        String element;
        switch (appender) {
            case "systemd4j":
                element = "<Journal name='out' syslogIdentifier='bench' socketPath='" + Destination.socket() + "'/>";
                break;
            case "bwaldvogel-jna":
                element = "<SystemdJournal name='out' syslogIdentifier='bench' logThreadName='true'"
                        + " logLoggerName='true' logThreadContext='true' logStacktrace='true' logSource='false'/>";
                break;
            case "file-dev-shm":
                element = "<RandomAccessFile name='out' fileName='" + FILE + "' append='false' immediateFlush='true'>"
                        + "<PatternLayout pattern='%d %level [%thread] %logger %X - %msg%n'/></RandomAccessFile>";
                break;
            default:
                throw new IllegalArgumentException(appender);
        }
        config = Files.createTempFile("log4j2-bench", ".xml");
        Files.writeString(
                config,
                "<Configuration status='warn' packages='de.bwaldvogel.log4j'><Appenders>" + element
                        + "</Appenders><Loggers><Root level='info'><AppenderRef ref='out'/></Root></Loggers>"
                        + "</Configuration>");
        context = Configurator.initialize("bench-" + appender, config.toString());
        if (context.getConfiguration().getAppender("out") == null) {
            throw new IllegalStateException("Log4j did not create the " + appender + " appender");
        }
        logger = context.getLogger(BenchEvent.LOGGER);
    }

    @TearDown
    public void stop() throws IOException {
        Configurator.shutdown(context);
        Files.deleteIfExists(config);
        Files.deleteIfExists(Path.of(FILE));
    }

    @Benchmark
    public void logInfo(ThreadMdc mdc) {
        logger.info(BenchEvent.MESSAGE);
    }
}
