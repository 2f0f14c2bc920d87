package io.github.systemd4j.journal.jul;

import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.ErrorManager;
import java.util.logging.Filter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a handler's {@code <class name>.<key>} properties from the {@link LogManager}, leniently: a
 * value that cannot be used is reported (with the key, the value and why) and the key keeps its
 * default, so that one typo in {@code logging.properties} does not cost the whole handler. Unset and
 * blank keys are defaults.
 */
final class HandlerProperties {
    private static final Pattern DURATION =
            Pattern.compile("(\\d{1,9})\\s*(ms|milliseconds?|s|seconds?)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SIZE = Pattern.compile("(\\d{1,10})\\s*([kmg]i?b|b)?", Pattern.CASE_INSENSITIVE);

    private final LogManager manager;
    private final String prefix;
    private final BiConsumer<String, Throwable> problems;

    /**
     * Reads the properties of one handler class.
     *
     * @param manager the log manager
     * @param prefix the handler's class name
     * @param problems told about each unusable value, with the exception if there is one
     */
    HandlerProperties(LogManager manager, String prefix, BiConsumer<String, Throwable> problems) {
        this.manager = manager;
        this.prefix = prefix;
        this.problems = problems;
    }

    /** The value of a key, stripped; null when unset or blank. */
    String get(String key) {
        String value = manager.getProperty(prefix + "." + key);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip();
    }

    /** The journal properties; every unusable value reported and left at its default. */
    JournalHandlerConfig config() {
        JournalHandlerConfig.Builder b = JournalHandlerConfig.builder();
        apply("socketPath", b::socketPath);
        if (get("socketPath") != null && get("namespace") != null) {
            problems.accept(prefix + ".namespace is ignored: set either socketPath or namespace, not both", null);
        } else {
            apply("namespace", b::namespace);
        }
        apply("syslogIdentifier", b::syslogIdentifier);
        apply("syslogFacility", b::syslogFacility);
        applyBoolean("logLoggerName", b::logLoggerName);
        applyBoolean("logThreadName", b::logThreadName);
        applyBoolean("logTid", b::logTid);
        applyBoolean("logSource", b::logSource);
        applyBoolean("stackTraceInMessage", b::stackTraceInMessage);
        applyBoolean("logStackTrace", b::logStackTrace);
        applyBoolean("logParameterMaps", b::logParameterMaps);
        applyBoolean("logThreadId", b::logThreadId);
        applyBoolean("logSequenceNumber", b::logSequenceNumber);
        applyBoolean("logMessageKey", b::logMessageKey);
        apply("fields", b::fields);
        apply("fallback", b::fallback);
        apply("priorityMapping", b::priorityMapping);
        apply("sendTimeout", v -> b.sendTimeout(duration(v)));
        apply("maxEntrySize", v -> b.maxEntrySize(size(v)));
        return b.build();
    }

    /** The {@code level} key, or null. */
    Level level() {
        String value = get("level");
        if (value == null) {
            return null;
        }
        try {
            return Level.parse(value);
        } catch (IllegalArgumentException e) {
            problems.accept(prefix + ".level=" + value + ": not a level name or number; ALL is used", null);
            return null;
        }
    }

    /** An instance of the class named by a key, made with its public no-argument constructor; or null. */
    private <T> T instance(String key, Class<T> type) {
        String className = get(key);
        if (className == null) {
            return null;
        }
        try {
            return type.cast(load(className).getDeclaredConstructor().newInstance());
        } catch (InvocationTargetException e) {
            problems.accept(cannotCreate(key, className, type, e.getCause()), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            problems.accept(cannotCreate(key, className, type, e), e);
        }
        return null;
    }

    private String cannotCreate(String key, String className, Class<?> type, Throwable why) {
        return prefix + "." + key + "=" + className + ": cannot create a " + type.getName() + " (" + why
                + "); none is used";
    }

    /** Classes are found as LogManager finds them (system class loader), then through the context loader. */
    private static Class<?> load(String className) throws ClassNotFoundException {
        try {
            return Class.forName(className, true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context == null) {
                throw e;
            }
            return Class.forName(className, true, context);
        }
    }

    /** The {@code filter} key's instance, or null. */
    Filter filter() {
        return instance("filter", Filter.class);
    }

    /** The {@code formatter} key's instance, or null. */
    Formatter formatter() {
        return instance("formatter", Formatter.class);
    }

    /** The {@code errorManager} key's instance, or null. */
    ErrorManager errorManager() {
        return instance("errorManager", ErrorManager.class);
    }

    private void apply(String key, Consumer<String> setter) {
        String value = get(key);
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            problems.accept(prefix + "." + key + "=" + value + ": " + e.getMessage() + "; the default is used", null);
        }
    }

    private void applyBoolean(String key, Consumer<Boolean> setter) {
        apply(key, value -> {
            // The values LogManager itself accepts for boolean properties.
            switch (value.toLowerCase(Locale.ROOT)) {
                case "true":
                case "1":
                    setter.accept(true);
                    break;
                case "false":
                case "0":
                    setter.accept(false);
                    break;
                default:
                    throw new IllegalArgumentException("must be true or false");
            }
        });
    }

    /** {@code 250}, {@code 250ms}, {@code 250 milliseconds}, {@code 2s}, {@code 2 seconds}; a bare number is milliseconds. */
    static Duration duration(String value) {
        Matcher m = DURATION.matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("must be milliseconds, or a number followed by ms or s");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
        return unit.startsWith("s") ? Duration.ofSeconds(amount) : Duration.ofMillis(amount);
    }

    /** {@code 65536}, {@code 64KB}, {@code 16 MB}, {@code 1GiB}; multiples of 1024, a bare number is bytes. */
    static int size(String value) {
        Matcher m = SIZE.matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("must be bytes, or a number followed by KB, MB or GB");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        int shift = unit.startsWith("k") ? 10 : unit.startsWith("m") ? 20 : unit.startsWith("g") ? 30 : 0;
        if (amount > (Integer.MAX_VALUE - 64L) >> shift) {
            throw new IllegalArgumentException("must be below 2 GiB");
        }
        return (int) (amount << shift);
    }
}
