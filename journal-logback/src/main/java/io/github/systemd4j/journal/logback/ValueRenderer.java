package io.github.systemd4j.journal.logback;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;

/**
 * Renders a key-value pair's value as field text: {@link CharSequence} as is, numbers and booleans as
 * their text, {@code null} as {@code null}, maps, collections and arrays as JSON (nested values the
 * same way; other objects as JSON strings of their {@code toString()}), anything else by {@code
 * toString()}.
 */
final class ValueRenderer {
    private static final JsonFactory JSON = new JsonFactory();

    private ValueRenderer() {}

    static CharSequence render(Object value) {
        try {
            return renderUnguarded(value);
        } catch (RuntimeException e) {
            // The application's object must not cost the event: say what happened in the value.
            return "[" + value.getClass().getName() + " could not be rendered: " + e + "]";
        }
    }

    private static CharSequence renderUnguarded(Object value) {
        if (value instanceof CharSequence) {
            return (CharSequence) value;
        }
        if (value instanceof Map
                || value instanceof Collection
                || (value != null && value.getClass().isArray())) {
            StringWriter out = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(out)) {
                write(g, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        }
        return String.valueOf(value);
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Boolean) {
            g.writeBoolean((Boolean) value);
        } else if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if ((value instanceof Double && !Double.isFinite((Double) value))
                || (value instanceof Float && !Float.isFinite((Float) value))) {
            g.writeString(value.toString()); // NaN and infinities have no JSON number form
        } else if (value instanceof Number) {
            g.writeNumber(value.toString());
        } else if (value instanceof Map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Collection) {
            g.writeStartArray();
            for (Object item : (Collection<?>) value) {
                write(g, item);
            }
            g.writeEndArray();
        } else if (value.getClass().isArray()) {
            g.writeStartArray();
            int n = Array.getLength(value);
            for (int i = 0; i < n; i++) {
                write(g, Array.get(value, i));
            }
            g.writeEndArray();
        } else {
            g.writeString(value.toString());
        }
    }
}
