package io.github.systemd4j.journal.jul;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * A program for {@link TraceContextIT} that runs without the OpenTelemetry jars: it logs through a
 * {@link JournalHandler} and through {@code System.getLogger}, and prints only that the API is absent
 * (the handler's {@link StderrErrorManager} would print any report).
 */
public final class NoOpenTelemetryApp {
    private NoOpenTelemetryApp() {}

    /**
     * Logs one record through each route.
     *
     * @param args the journal socket path and the test id
     * @throws IOException if the JUL configuration cannot be read
     */
    public static void main(String[] args) throws IOException {
        try {
            Class.forName("io.opentelemetry.api.trace.Span");
            throw new AssertionError("the OpenTelemetry API is on the class path");
        } catch (ClassNotFoundException expected) {
            System.out.println("no OpenTelemetry API");
        }
        String key = JournalHandler.class.getName() + ".";
        String config = "handlers=" + JournalHandler.class.getName() + "\n"
                + key + "socketPath=" + args[0] + "\n"
                + key + "errorManager=" + StderrErrorManager.class.getName() + "\n";
        LogManager.getLogManager()
                .readConfiguration(new ByteArrayInputStream(config.getBytes(StandardCharsets.ISO_8859_1)));
        Logger.getLogger("com.example.App").log(Level.INFO, "from JUL", Map.of("TEST_ID", args[1]));
        System.getLogger("com.example.App")
                .log(System.Logger.Level.INFO, "from System.Logger", Map.of("TEST_ID", args[1]));
    }
}
