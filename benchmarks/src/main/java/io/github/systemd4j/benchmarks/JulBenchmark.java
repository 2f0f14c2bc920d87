package io.github.systemd4j.benchmarks;

import io.github.systemd4j.journal.jul.JournalHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The same JUL record (80-character message) through our handler and JUL's FileHandler to /dev/shm. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class JulBenchmark {
    private static final String FILE = "/dev/shm/bench-jul.log";

    @Param({"systemd4j", "file-dev-shm"})
    public String appender;

    private Logger logger;
    private Handler handler;

    @Setup
    public void start() throws IOException {
        logger = Logger.getLogger(BenchEvent.LOGGER);
        logger.setUseParentHandlers(false);
        if (appender.equals("systemd4j")) {
            handler = new JournalHandler(Map.of("socketPath", Destination.socket(), "syslogIdentifier", "bench"));
        } else {
            handler = new FileHandler(FILE, false);
            handler.setFormatter(new SimpleFormatter());
        }
        logger.addHandler(handler);
    }

    @TearDown
    public void stop() throws IOException {
        logger.removeHandler(handler);
        handler.close();
        Files.deleteIfExists(Path.of(FILE));
    }

    @Benchmark
    public void logInfo() {
        logger.info(BenchEvent.MESSAGE);
    }
}
