package io.github.systemd4j.journal.jul;

import java.util.ResourceBundle;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The {@link System.Logger} that {@link JournalLoggerFinder} hands out: levels from the
 * java.util.logging logger of the same name, records as {@link LogRecord}s to the finder's {@link
 * JournalHandler} (or, on the {@code jul} route, into that JUL logger).
 */
final class JournalSystemLogger implements System.Logger {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final String name;
    private final JournalLoggerFinder finder;
    private volatile Logger jul;

    JournalSystemLogger(String name, JournalLoggerFinder finder) {
        this.name = name;
        this.finder = finder;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        java.util.logging.Level julLevel = toJul(level);
        return julLevel != java.util.logging.Level.OFF && jul().isLoggable(julLevel);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (isLoggable(level)) {
            LogRecord record = record(level, bundle, msg);
            record.setThrown(thrown);
            route(record);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
            LogRecord record = record(level, bundle, format);
            if (params != null && params.length > 0) {
                record.setParameters(params);
            }
            route(record);
        }
    }

    private LogRecord record(Level level, ResourceBundle bundle, String msg) {
        LogRecord record = new LogRecord(toJul(level), msg);
        record.setLoggerName(name);
        if (bundle != null) {
            record.setResourceBundle(bundle);
            record.setResourceBundleName(bundle.getBaseBundleName());
        }
        return record;
    }

    private void route(LogRecord record) {
        if (finder.throughJul()) {
            // JUL finds the caller itself here: the record passes through java.util.logging.Logger.
            jul().log(record);
            return;
        }
        JournalHandler handler = finder.handler();
        if (handler == null) {
            return;
        }
        if (handler.logsSource()) {
            setCaller(record);
        } else {
            // Without a java.util.logging.Logger frame JUL's own inference finds nothing; skip its walk.
            record.setSourceClassName(null);
        }
        finder.publish(handler, record);
    }

    /** The first frame past System.Logger implementations and the JDK's logging machinery. */
    private static void setCaller(LogRecord record) {
        StackWalker.StackFrame caller = WALKER.walk(frames ->
                        frames.dropWhile(JournalSystemLogger::isLoggingFrame).findFirst())
                .orElse(null);
        record.setSourceClassName(caller == null ? null : caller.getClassName());
        record.setSourceMethodName(caller == null ? null : caller.getMethodName());
    }

    private static boolean isLoggingFrame(StackWalker.StackFrame frame) {
        Class<?> type = frame.getDeclaringClass();
        if (System.Logger.class.isAssignableFrom(type)) {
            return true; // this class, the interface's default methods, the JDK's wrappers
        }
        String className = type.getName();
        return className.startsWith("jdk.internal.logger.") || className.startsWith("sun.util.logging.");
    }

    private Logger jul() {
        Logger logger = jul;
        if (logger == null) {
            // Holding the JUL logger keeps its configured level alive as long as this logger lives.
            logger = Logger.getLogger(name);
            jul = logger;
        }
        return logger;
    }

    static java.util.logging.Level toJul(Level level) {
        switch (level) {
            case ALL:
                return java.util.logging.Level.ALL;
            case TRACE:
                return java.util.logging.Level.FINER;
            case DEBUG:
                return java.util.logging.Level.FINE;
            case INFO:
                return java.util.logging.Level.INFO;
            case WARNING:
                return java.util.logging.Level.WARNING;
            case ERROR:
                return java.util.logging.Level.SEVERE;
            default:
                return java.util.logging.Level.OFF;
        }
    }
}
