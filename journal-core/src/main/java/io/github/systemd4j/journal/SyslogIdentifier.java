package io.github.systemd4j.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The default {@code SYSLOG_IDENTIFIER} (what {@code journalctl -t} matches), chosen in this order:
 *
 * <ol>
 *   <li>the systemd service the process runs in, read from {@code /proc/self/cgroup} ({@code
 *       .../app.service} gives {@code app}; a process in a scope, such as a program started from a
 *       terminal, runs in no service);
 *   <li>the jar started with {@code java -jar} ({@code /opt/app/billing.jar} gives {@code billing});
 *   <li>the simple name of the main class ({@code com.example.Billing} gives {@code Billing});
 *   <li>{@code java}, only when nothing better is known.
 * </ol>
 *
 * <p>journald does not add an identifier to native-protocol entries, so the client always writes one.
 */
public final class SyslogIdentifier {
    private SyslogIdentifier() {}

    /**
     * Detects the identifier for this process.
     *
     * @return the identifier, never empty
     */
    public static String detect() {
        String unit = serviceFromCgroup(readLines(Path.of("/proc/self/cgroup")));
        if (unit != null) {
            return unit;
        }
        String command = fromCommand(System.getProperty("sun.java.command"));
        return command != null ? command : "java";
    }

    /**
     * The service name (without {@code .service}) from the lines of a {@code /proc/PID/cgroup} file,
     * preferring the systemd hierarchy ({@code name=systemd} on hybrid hosts, {@code 0::} on unified
     * ones).
     *
     * @param cgroupLines the file's lines
     * @return the service name, or null if the process is not in a service
     */
    static String serviceFromCgroup(List<String> cgroupLines) {
        String found = null;
        for (String line : cgroupLines) {
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0) {
                continue;
            }
            String controllers = line.substring(first + 1, second);
            if (!controllers.isEmpty() && !controllers.equals("name=systemd")) {
                continue;
            }
            String service = lastService(line.substring(second + 1));
            if (service != null && (found == null || controllers.equals("name=systemd"))) {
                found = service;
            }
        }
        return found;
    }

    /**
     * The innermost unit of the path if it is a service. A scope below a service means none: a
     * program started from a desktop terminal runs in a scope below {@code user@UID.service}, the
     * user's service manager, whose name is not the program's.
     */
    private static String lastService(String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            String part = parts[i];
            if (part.endsWith(".scope")) {
                return null;
            }
            if (part.endsWith(".service") && part.length() > ".service".length()) {
                return part.substring(0, part.length() - ".service".length());
            }
        }
        return null;
    }

    /**
     * The identifier from {@code sun.java.command}: jar base name or main-class simple name.
     *
     * @param command the property value, may be null
     * @return the identifier, or null if the command is unknown
     */
    static String fromCommand(String command) {
        if (command == null || command.isBlank()) {
            return null;
        }
        String main = command.strip().split("\\s+", 2)[0];
        if (main.endsWith(".jar")) {
            String file = main.substring(main.lastIndexOf('/') + 1);
            String base = file.substring(0, file.length() - ".jar".length());
            return base.isEmpty() ? null : base;
        }
        String simple = main.substring(main.lastIndexOf('.') + 1);
        return simple.isEmpty() ? null : simple;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
