package io.github.systemd4j.journal.jul;

import io.github.systemd4j.journal.internal.JournalProperty;
import io.github.systemd4j.journal.internal.JournalSettings;
import java.lang.reflect.InvocationTargetException;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.logging.ErrorManager;
import java.util.logging.Filter;
import java.util.logging.Formatter;
import java.util.logging.Level;

/**
 * Reads a handler's keys. JUL's own keys ({@code level}, {@code filter}, {@code formatter}, {@code
 * errorManager}, the {@code log*} switches of JUL's fields) are read leniently, as JUL reads its own
 * handlers' keys: a value that cannot be used is reported (with the key, the value and why) and the key
 * keeps its default. The journal keys are journal-core's shared properties ({@link JournalProperty}),
 * under the same names, {@code logParameterMaps} being JUL's name for {@code logContext}; their
 * unusable values are the settings' problems, for which the handler writes to the fallback only. Unset
 * and blank keys are defaults.
 */
final class HandlerProperties {
    private final UnaryOperator<String> lookup;
    private final String prefix;
    private final BiConsumer<String, Throwable> problems;

    /**
     * Reads the keys of one handler.
     *
     * @param lookup the value of a key (without the prefix), or null
     * @param prefix how keys are named in reports: the handler's class name
     * @param problems told about each unusable value, with the exception if there is one
     */
    HandlerProperties(UnaryOperator<String> lookup, String prefix, BiConsumer<String, Throwable> problems) {
        this.lookup = lookup;
        this.prefix = prefix;
        this.problems = problems;
    }

    /** The value of a key, stripped; null when unset or blank. */
    String get(String key) {
        String value = lookup.apply(key);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip();
    }

    /**
     * The journal keys, each named with the prefix in the settings' {@linkplain
     * JournalSettings#problems() problems} (which the handler's sink reports).
     */
    JournalSettings settings() {
        JournalSettings settings = new JournalSettings();
        for (JournalProperty property : JournalProperty.values()) {
            settings.set(property, get(property.propertyName()), prefix + "." + property.propertyName());
        }
        settings.set(JournalProperty.LOG_CONTEXT, get("logParameterMaps"), prefix + ".logParameterMaps");
        return settings;
    }

    /** A JUL-only switch that is off by default ({@code logThreadId}, …); see {@link #isOn(String, boolean)}. */
    boolean isOn(String key) {
        return isOn(key, false);
    }

    /**
     * A JUL-only switch: {@code true}/{@code false} as LogManager reads them.
     *
     * @param key the key
     * @param byDefault the value when the key is unset, blank or unusable (which is reported)
     * @return the switch
     */
    boolean isOn(String key, boolean byDefault) {
        String value = get(key);
        if (value == null) {
            return byDefault;
        }
        try {
            return JournalSettings.bool(value);
        } catch (IllegalArgumentException e) {
            problems.accept(prefix + "." + key + "=" + value + ": " + e.getMessage() + "; the default is used", null);
            return byDefault;
        }
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
}
