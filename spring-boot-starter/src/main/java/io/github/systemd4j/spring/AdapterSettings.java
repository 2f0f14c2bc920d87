package io.github.systemd4j.spring;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Passes the shared journal properties to an adapter's configuration front end. Both adapters name
 * their setters after the shared property table ({@code sendTimeout} → {@code setSendTimeout(String)}
 * on the Logback appender and on the Log4j2 builder) and take the table's value syntax, so one loop
 * serves both without the starter reaching into journal-core's internal settings model.
 */
final class AdapterSettings {
    private AdapterSettings() {}

    /**
     * Calls {@code setName(String)} on the target for every setting.
     *
     * @param target a Logback {@code JournalAppender} or a Log4j2 {@code JournalAppender.Builder}
     * @param settings shared property name to value
     * @throws IllegalStateException if the adapter has no such setter (an adapter older than the
     *     starter)
     */
    static void apply(Object target, Map<String, String> settings) {
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String name = setting.getKey();
            Method setter = setter(target.getClass(), name);
            try {
                setter.invoke(target, setting.getValue());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot call " + setter, e);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(
                        "systemd4j.journal." + kebab(name) + "=" + setting.getValue() + ": " + e.getCause(), e);
            }
        }
    }

    static Method setter(Class<?> type, String property) {
        String name = "set" + Character.toUpperCase(property.charAt(0)) + property.substring(1);
        try {
            return type.getMethod(name, String.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(
                    type.getName() + " has no " + name + "(String) for systemd4j.journal." + kebab(property)
                            + ": use the journal adapter of the starter's version",
                    e);
        }
    }

    /**
     * The adapter's configuration errors as one reason, without its closing "journald is not used"
     * report: that describes an appender left writing to its fallback, while the starter fails the
     * start instead.
     *
     * @param errors the error messages the adapter reported
     * @return them, joined with {@code "; "}
     */
    static String reasons(List<String> errors) {
        return errors.stream()
                .filter(e -> !e.contains("journald is not used: "))
                .collect(Collectors.joining("; "));
    }

    /** {@code sendTimeout} → {@code send-timeout}. */
    static String kebab(String property) {
        StringBuilder out = new StringBuilder();
        for (char c : property.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
