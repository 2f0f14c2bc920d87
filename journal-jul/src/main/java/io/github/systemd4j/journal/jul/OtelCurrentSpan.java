package io.github.systemd4j.journal.jul;

import io.github.systemd4j.journal.JournalEntry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The one class that names OpenTelemetry types; {@link TraceContext} loads it only when the API is
 * there. The span is read from the calling thread's OpenTelemetry context, as set by {@code
 * span.makeCurrent()} or the agent's instrumentation.
 */
final class OtelCurrentSpan implements TraceContext.SpanFields {
    /** Links the API's span classes now, so that a missing or incompatible piece shows at loading. */
    OtelCurrentSpan() {
        SpanContext.getInvalid().getTraceFlags().asHex();
    }

    @Override
    public void write(JournalEntry entry) {
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            // The API keeps these as strings already: nothing is rendered per record.
            entry.add(TraceContext.TRACE_ID, span.getTraceId());
            entry.add(TraceContext.SPAN_ID, span.getSpanId());
            entry.add(TraceContext.TRACE_FLAGS, span.getTraceFlags().asHex());
        }
    }
}
