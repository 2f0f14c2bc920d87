package io.github.systemd4j.journal.jul.modular;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * A program for {@code TraceContextIT} with journal-jul on the module path: it makes a span current
 * and logs through java.util.logging and {@code System.getLogger}. Its package is outside the
 * journal-jul module, so it runs from the class path beside it.
 */
public final class ModularTraceApp {
    private ModularTraceApp() {}

    /**
     * Logs one record through each route inside a span.
     *
     * @param args the journal socket path, the trace id and the span id
     * @throws IOException if the JUL configuration cannot be read
     */
    public static void main(String[] args) throws IOException {
        String handler = "io.github.systemd4j.journal.jul.JournalHandler";
        String config = "handlers=" + handler + "\n" + handler + ".socketPath=" + args[0] + "\n" + handler
                + ".errorManager=io.github.systemd4j.journal.jul.StderrErrorManager\n";
        LogManager.getLogManager()
                .readConfiguration(new ByteArrayInputStream(config.getBytes(StandardCharsets.ISO_8859_1)));
        System.out.println(
                "handler in " + Logger.getLogger("").getHandlers()[0].getClass().getModule());
        System.out.println("span in " + Span.class.getModule().getName());
        SpanContext span = SpanContext.create(args[1], args[2], TraceFlags.getSampled(), TraceState.getDefault());
        try (Scope scope = Span.wrap(span).makeCurrent()) {
            Logger.getLogger("com.example.Modular").log(Level.INFO, "from JUL");
            System.getLogger("com.example.Modular").log(System.Logger.Level.INFO, "from System.Logger");
        }
    }
}
