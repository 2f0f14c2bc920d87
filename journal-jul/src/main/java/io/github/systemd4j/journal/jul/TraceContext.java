package io.github.systemd4j.journal.jul;

import io.github.systemd4j.journal.FieldName;
import io.github.systemd4j.journal.JournalEntry;

/**
 * The current OpenTelemetry span's ids as journal fields, when the OpenTelemetry API is on the class
 * path: {@code TRACE_ID} (32 hex digits), {@code SPAN_ID} (16) and {@code TRACE_FLAGS} (2, {@code 01}
 * when sampled), the names the OpenTelemetry Java agent's MDC keys {@code trace_id}, {@code span_id}
 * and {@code trace_flags} get in the Logback and Log4j2 adapters. This class names no OpenTelemetry
 * type: it loads {@link OtelCurrentSpan}, which does, only once the API's classes were found, so the
 * handler runs unchanged without them.
 */
final class TraceContext {
    static final FieldName TRACE_ID = FieldName.of("TRACE_ID");
    static final FieldName SPAN_ID = FieldName.of("SPAN_ID");
    static final FieldName TRACE_FLAGS = FieldName.of("TRACE_FLAGS");

    /** The OpenTelemetry API's classes; both jars are needed for {@code Span.current()}. */
    private static final String SPAN = "io.opentelemetry.api.trace.Span";

    private static final String CONTEXT = "io.opentelemetry.context.Context";

    /** Null when the OpenTelemetry API is not there: decided once, per class loader. */
    private static final SpanFields CURRENT_SPAN = load();

    private TraceContext() {}

    /** Writes the ids of the span current on the calling thread. */
    interface SpanFields {
        /**
         * Writes {@code TRACE_ID}, {@code SPAN_ID} and {@code TRACE_FLAGS} of the current span, or
         * nothing when no valid span is current.
         *
         * @param entry the entry
         */
        void write(JournalEntry entry);
    }

    /** Whether the OpenTelemetry API is on the class path (or its module readable). */
    static boolean available() {
        return CURRENT_SPAN != null;
    }

    /**
     * Writes the current span's ids; call only when {@link #available()}.
     *
     * @param entry the entry
     */
    static void writeCurrentSpan(JournalEntry entry) {
        CURRENT_SPAN.write(entry);
    }

    private static SpanFields load() {
        ClassLoader loader = TraceContext.class.getClassLoader();
        try {
            Class<?> span = Class.forName(SPAN, false, loader);
            Class<?> context = Class.forName(CONTEXT, false, loader);
            // On the module path this module only "requires static" the API: read it (and its
            // context module) wherever it was found, the class path included. No-op elsewhere.
            Module self = TraceContext.class.getModule();
            self.addReads(span.getModule());
            self.addReads(context.getModule());
            return Class.forName(TraceContext.class.getPackageName() + ".OtelCurrentSpan", true, loader)
                    .asSubclass(SpanFields.class)
                    .getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // Not there, or not usable (an incomplete or incompatible API): no trace fields.
            return null;
        }
    }
}
