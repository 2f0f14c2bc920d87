package io.github.systemd4j.journal.internal;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;

/**
 * Renders a context value (an SLF4J key-value pair, an MDC, ThreadContext or MapMessage value, a JUL
 * parameter map's value) as the text of its journal field, the same way in every adapter.
 *
 * <ul>
 *   <li>{@link CharSequence}: as is. {@code null}: {@code null}. Numbers, booleans, characters: their
 *       text.
 *   <li>{@link Map}, {@link Collection}, arrays: JSON ({@code {"max":5}}, {@code ["a","b"]}, {@code
 *       [1,2]}); map keys by {@link String#valueOf(Object)}; nested values the same way, other objects
 *       as JSON strings of their {@code toString()}; non-finite numbers as strings; nesting deeper than
 *       {@value #MAX_DEPTH} levels (a map that contains itself) as the string {@code [too deep]}.
 *   <li>Anything else: {@code toString()}.
 *   <li>A {@code toString()} (or a map's iteration) that throws is never passed on to the logging
 *       call: the value, or the nested element, becomes {@code [FAILED toString() of CLASS: THROWABLE]}.
 *       Only a {@link VirtualMachineError} (out of memory, stack overflow) propagates.
 * </ul>
 *
 * Text, boxed primitives and {@code null} are appended without allocating.
 */
public final class ValueText {
    /** How deep maps, collections and arrays are followed. */
    public static final int MAX_DEPTH = 32;

    private ValueText() {}

    /**
     * The text of a value: the value itself when it is a {@link CharSequence}, else a new builder.
     *
     * @param value any value
     * @return the text
     */
    public static CharSequence render(Object value) {
        return value instanceof CharSequence ? (CharSequence) value : render(value, new StringBuilder(32));
    }

    /**
     * The text of a value: the value itself when it is a {@link CharSequence}, else {@code scratch},
     * cleared and filled.
     *
     * @param value any value
     * @param scratch a reusable builder
     * @return the text, valid until {@code scratch} is reused
     */
    public static CharSequence render(Object value, StringBuilder scratch) {
        if (value instanceof CharSequence) {
            return (CharSequence) value;
        }
        scratch.setLength(0);
        appendTo(scratch, value);
        return scratch;
    }

    /**
     * Appends the text of a value.
     *
     * @param out where to append
     * @param value any value
     */
    public static void appendTo(StringBuilder out, Object value) {
        int start = out.length();
        try {
            appendTop(out, value);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // The application's object must not cost the event: say what happened in the value.
            out.setLength(start);
            appendFailure(out, value, e);
        }
    }

    private static void appendTop(StringBuilder out, Object value) {
        if (value instanceof CharSequence) {
            out.append((CharSequence) value);
        } else if (isStructured(value)) {
            appendJson(out, value, 0);
        } else {
            appendScalar(out, value);
        }
    }

    private static boolean isStructured(Object value) {
        return value instanceof Map
                || value instanceof Collection
                || (value != null && value.getClass().isArray());
    }

    /** Boxed primitives without a String; anything else by toString(). */
    private static void appendScalar(StringBuilder out, Object value) {
        if (value instanceof Integer) {
            out.append(((Integer) value).intValue());
        } else if (value instanceof Long) {
            out.append(((Long) value).longValue());
        } else if (value instanceof Boolean) {
            out.append(((Boolean) value).booleanValue());
        } else if (value instanceof Character) {
            out.append(((Character) value).charValue());
        } else if (value instanceof Double) {
            out.append(((Double) value).doubleValue());
        } else if (value instanceof Float) {
            out.append(((Float) value).floatValue());
        } else if (value instanceof Short || value instanceof Byte) {
            out.append(((Number) value).intValue());
        } else {
            out.append(value); // null as "null", others by toString()
        }
    }

    private static void appendJson(StringBuilder out, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            JsonText.appendString(out, "[too deep]");
        } else if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean) {
            out.append(((Boolean) value).booleanValue());
        } else if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            out.append(((Number) value).longValue());
        } else if ((value instanceof Double && !Double.isFinite((Double) value))
                || (value instanceof Float && !Float.isFinite((Float) value))) {
            JsonText.appendString(out, value.toString()); // NaN and infinities have no JSON number form
        } else if (value instanceof Number) {
            out.append(value);
        } else if (value instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                JsonText.appendString(out, String.valueOf(e.getKey()));
                out.append(':');
                appendNested(out, e.getValue(), depth + 1);
            }
            out.append('}');
        } else if (value instanceof Collection) {
            out.append('[');
            boolean first = true;
            for (Object item : (Collection<?>) value) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                appendNested(out, item, depth + 1);
            }
            out.append(']');
        } else if (value.getClass().isArray()) {
            out.append('[');
            int n = Array.getLength(value);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendNested(out, Array.get(value, i), depth + 1);
            }
            out.append(']');
        } else {
            JsonText.appendString(out, value.toString());
        }
    }

    /** One element of a map, collection or array: its failure replaces only itself. */
    private static void appendNested(StringBuilder out, Object value, int depth) {
        int start = out.length();
        try {
            appendJson(out, value, depth);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            out.setLength(start);
            StringBuilder failure = new StringBuilder();
            appendFailure(failure, value, e);
            JsonText.appendString(out, failure);
        }
    }

    private static void appendFailure(StringBuilder out, Object value, Throwable failure) {
        out.append("[FAILED toString() of ")
                .append(value == null ? "null" : value.getClass().getName())
                .append(": ")
                .append(failure.getClass().getName());
        String message;
        try {
            message = failure.getMessage();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            message = null; // a throwable whose own message fails: its class says enough
        }
        if (message != null) {
            out.append(": ").append(message);
        }
        out.append(']');
    }
}
