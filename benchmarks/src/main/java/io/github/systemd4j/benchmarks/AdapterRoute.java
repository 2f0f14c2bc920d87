package io.github.systemd4j.benchmarks;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalCounters;
import io.github.systemd4j.journal.jul.JournalHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.MDC;

/**
 * One logging call through one of the three adapters, set up the way the caller-cost and cost-growth
 * benchmarks compare them. A route is {@code FRAMEWORK-MODE}: framework {@code logback}, {@code
 * log4j2} or {@code jul}; mode {@code sync} (our appender or handler), {@code async} (the same with
 * {@code async=true}), {@code AsyncAppender} (Logback's, queue of {@code frontQueue} events, nothing
 * discarded, in front of our synchronous appender) or {@code AsyncLogger} (Log4j2's async logger, LMAX
 * Disruptor, in front of our synchronous {@code <Journal>}).
 *
 * <p>The event's context entries are where each framework keeps them: Logback's MDC, Log4j2's
 * ThreadContext (both per thread: {@link #putContext()} on every logging thread), and for JUL a {@code
 * Map} parameter of the record, which the handler turns into fields.
 */
final class AdapterRoute {
    private final Runnable log;
    private final Runnable putContext;
    private final Supplier<JournalClient> client;
    private final Runnable stop;

    private AdapterRoute(Runnable log, Runnable putContext, Supplier<JournalClient> client, Runnable stop) {
        this.log = log;
        this.putContext = putContext;
        this.client = client;
        this.stop = stop;
    }

    /**
     * Starts a route logging {@code message} with {@code context} at INFO into the benchmark's socket.
     *
     * @param route {@code FRAMEWORK-MODE} as above
     * @param context the context entries, name and value
     * @param message the message
     * @param frontQueue the events Logback's {@code AsyncAppender} holds
     * @return the started route; the calling thread has the context already
     */
    static AdapterRoute start(String route, Map<String, String> context, String message, int frontQueue) {
        int dash = route.indexOf('-');
        String mode = route.substring(dash + 1);
        AdapterRoute started;
        switch (route.substring(0, dash)) {
            case "logback":
                started = logback(mode, context, message, frontQueue);
                break;
            case "log4j2":
                started = log4j2(route, mode, context, message);
                break;
            case "jul":
                started = jul(mode, context, message);
                break;
            default:
                throw new IllegalArgumentException(route);
        }
        started.putContext();
        return started;
    }

    /**
     * The context entries {@code BenchEvent.MDC} as a map, in their order.
     *
     * @return name to value
     */
    static Map<String, String> benchEventContext() {
        Map<String, String> context = new LinkedHashMap<>();
        for (String[] kv : BenchEvent.MDC) {
            context.put(kv[0], kv[1]);
        }
        return context;
    }

    private static AdapterRoute logback(String mode, Map<String, String> context, String message, int frontQueue) {
        ch.qos.logback.classic.LoggerContext loggerContext = new ch.qos.logback.classic.LoggerContext();
        loggerContext.setMDCAdapter(MDC.getMDCAdapter());
        io.github.systemd4j.journal.logback.JournalAppender journal =
                new io.github.systemd4j.journal.logback.JournalAppender();
        journal.setContext(loggerContext);
        journal.setName("journal");
        journal.setSocketPath(Destination.socket());
        journal.setSyslogIdentifier("bench");
        journal.setAsync(Boolean.toString(mode.equals("async")));
        journal.start();
        Appender<ILoggingEvent> top = journal;
        if (mode.equals("AsyncAppender")) {
            AsyncAppender async = new AsyncAppender();
            async.setContext(loggerContext);
            async.setName("async");
            async.setQueueSize(frontQueue);
            async.setDiscardingThreshold(0);
            async.addAppender(journal);
            async.start();
            top = async;
        }
        ch.qos.logback.classic.Logger logger = loggerContext.getLogger(BenchEvent.LOGGER);
        logger.setAdditive(false);
        logger.addAppender(top);
        return new AdapterRoute(
                () -> logger.info(message), () -> context.forEach(MDC::put), journal::getClient, loggerContext::stop);
    }

    private static AdapterRoute log4j2(String route, String mode, Map<String, String> context, String message) {
        String journal = "<Journal name='out' syslogIdentifier='bench' socketPath='" + Destination.socket() + "'"
                + (mode.equals("async") ? " async='true'" : "") + "/>";
        String asyncLogger = mode.equals("AsyncLogger")
                ? "<AsyncLogger name='" + BenchEvent.LOGGER + "' level='info' additivity='false'>"
                        + "<AppenderRef ref='out'/></AsyncLogger>"
                : "";
        LoggerContext loggerContext;
        try {
            Path config = Files.createTempFile("log4j2-bench", ".xml");
            Files.writeString(
                    config,
                    "<Configuration status='warn'><Appenders>" + journal + "</Appenders><Loggers>" + asyncLogger
                            + "<Root level='info'><AppenderRef ref='out'/></Root></Loggers></Configuration>");
            loggerContext = Configurator.initialize("bench-" + route, config.toString());
            Files.delete(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        io.github.systemd4j.journal.log4j2.JournalAppender appender =
                loggerContext.getConfiguration().getAppender("out");
        if (appender == null) {
            throw new IllegalStateException("Log4j did not create the <Journal> appender");
        }
        org.apache.logging.log4j.Logger logger = loggerContext.getLogger(BenchEvent.LOGGER);
        LoggerContext started = loggerContext;
        return new AdapterRoute(
                () -> logger.info(message),
                () -> context.forEach(ThreadContext::put),
                appender::getClient,
                () -> Configurator.shutdown(started));
    }

    private static AdapterRoute jul(String mode, Map<String, String> context, String message) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(BenchEvent.LOGGER);
        logger.setUseParentHandlers(false);
        Map<String, String> settings = new HashMap<>();
        settings.put("socketPath", Destination.socket());
        settings.put("syslogIdentifier", "bench");
        settings.put("async", Boolean.toString(mode.equals("async")));
        JournalHandler handler = new JournalHandler(settings);
        logger.addHandler(handler);
        Object fields = Map.copyOf(context);
        return new AdapterRoute(() -> logger.log(Level.INFO, message, fields), () -> {}, handler::getClient, () -> {
            logger.removeHandler(handler);
            handler.close();
        });
    }

    /** Logs the event once. */
    void log() {
        log.run();
    }

    /** Puts the context entries into the calling thread's MDC or ThreadContext (JUL: nothing to do). */
    void putContext() {
        putContext.run();
    }

    /**
     * The counters of the client our appender or handler sends with.
     *
     * @return its counters now
     */
    JournalCounters counters() {
        return client.get().counters();
    }

    /**
     * Stops the framework's context, our appender or handler with it (in async mode after its queue
     * drained).
     *
     * @return the client's counters once it closed
     */
    JournalCounters stop() {
        JournalClient closing = client.get();
        stop.run();
        return closing.counters();
    }
}
