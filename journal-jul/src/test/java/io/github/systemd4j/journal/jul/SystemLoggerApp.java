package io.github.systemd4j.journal.jul;

import java.util.Map;

/**
 * A JDK-only program for {@link SystemLoggerIT}: it logs through {@code System.getLogger} and knows
 * nothing of JUL configuration or of this library. It runs with nothing but this class and the
 * library's runtime jars on the class path, so it must use nothing but {@code java.base}.
 */
public final class SystemLoggerApp {
    private SystemLoggerApp() {}

    /**
     * Logs three records and prints which finder the JDK chose.
     *
     * @param args the test id
     */
    public static void main(String[] args) {
        System.Logger log = System.getLogger("com.example.Tool");
        log.log(System.Logger.Level.INFO, "tool started", Map.of("TEST_ID", args[0]));
        log.log(System.Logger.Level.DEBUG, "below the default level", Map.of("TEST_ID", args[0]));
        log.log(System.Logger.Level.ERROR, "tool failed", new IllegalStateException("boom " + args[0]));
        log.log(System.Logger.Level.WARNING, "tool done", Map.of("TEST_ID", args[0]));
        System.out.println(
                "finder: " + System.LoggerFinder.getLoggerFinder().getClass().getName());
    }
}
