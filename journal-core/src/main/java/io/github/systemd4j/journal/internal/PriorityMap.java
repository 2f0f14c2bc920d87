package io.github.systemd4j.journal.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Maps logging-level names to syslog priorities (0 emerg … 7 debug). Each adapter starts from its
 * framework's defaults; users override single levels with a specification such as {@code
 * "INFO=5,DEBUG=6"}.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>Framework</th><th>Mapping</th></tr>
 *   <tr><td>Logback, Log4j2</td><td>FATAL 2, ERROR 3, WARN 4, INFO 6, DEBUG 7, TRACE 7</td></tr>
 *   <tr><td>java.util.logging</td><td>SEVERE 3, WARNING 4, INFO 6, CONFIG 6, FINE 7, FINER 7, FINEST 7</td></tr>
 * </table>
 *
 * @see <a href="https://man7.org/linux/man-pages/man3/syslog.3.html">syslog(3) priorities</a>
 */
public final class PriorityMap {
    /** Logback and Log4j2 level names. */
    public static final PriorityMap SLF4J_STYLE =
            new PriorityMap(Map.of("FATAL", 2, "ERROR", 3, "WARN", 4, "INFO", 6, "DEBUG", 7, "TRACE", 7));

    /** java.util.logging level names. */
    public static final PriorityMap JUL_STYLE = new PriorityMap(
            Map.of("SEVERE", 3, "WARNING", 4, "INFO", 6, "CONFIG", 6, "FINE", 7, "FINER", 7, "FINEST", 7));

    private final Map<String, Integer> priorities;

    private PriorityMap(Map<String, Integer> priorities) {
        this.priorities = Collections.unmodifiableMap(new LinkedHashMap<>(priorities));
    }

    /**
     * This mapping with some levels overridden.
     *
     * @param spec comma-separated {@code LEVEL=digit} pairs, such as {@code "INFO=5,DEBUG=6"}; blank
     *     for none; level names are case-insensitive
     * @return the new mapping
     * @throws IllegalArgumentException if a pair is malformed or a priority is not 0..7
     */
    public PriorityMap withOverrides(String spec) {
        if (spec == null || spec.isBlank()) {
            return this;
        }
        Map<String, Integer> merged = new LinkedHashMap<>(priorities);
        for (String pair : spec.split(",")) {
            String[] parts = pair.split("=", -1);
            if (parts.length != 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException(
                        "priority mapping must look like LEVEL=digit: \"" + pair.strip() + "\"");
            }
            String value = parts[1].strip();
            if (value.length() != 1 || value.charAt(0) < '0' || value.charAt(0) > '7') {
                throw new IllegalArgumentException(
                        "priority for " + parts[0].strip() + " must be 0..7: \"" + value + "\"");
            }
            merged.put(parts[0].strip().toUpperCase(Locale.ROOT), value.charAt(0) - '0');
        }
        return new PriorityMap(merged);
    }

    /**
     * The priority for a level.
     *
     * @param level the level name, upper case as the frameworks print it
     * @param otherwise the priority for a level not in the map
     * @return 0..7
     */
    public int priorityOf(String level, int otherwise) {
        Integer p = priorities.get(level);
        return p != null ? p : otherwise;
    }

    /**
     * The mapping as a map.
     *
     * @return level name to priority
     */
    public Map<String, Integer> asMap() {
        return priorities;
    }

    @Override
    public String toString() {
        return priorities.toString();
    }
}
