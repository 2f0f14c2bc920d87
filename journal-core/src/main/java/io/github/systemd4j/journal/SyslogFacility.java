package io.github.systemd4j.journal;

import java.util.Locale;
import java.util.Map;

/**
 * Syslog facility names and numbers for {@code SYSLOG_FACILITY}, as adapters accept them in their
 * configuration: a number 0..23 or a name ({@code kern}, {@code user}, {@code daemon}, {@code
 * local0} … {@code local7}, …).
 *
 * @see <a href="https://man7.org/linux/man-pages/man3/syslog.3.html">syslog(3)</a>
 */
public final class SyslogFacility {
    private static final Map<String, Integer> NAMES = Map.ofEntries(
            Map.entry("kern", 0),
            Map.entry("user", 1),
            Map.entry("mail", 2),
            Map.entry("daemon", 3),
            Map.entry("auth", 4),
            Map.entry("syslog", 5),
            Map.entry("lpr", 6),
            Map.entry("news", 7),
            Map.entry("uucp", 8),
            Map.entry("cron", 9),
            Map.entry("authpriv", 10),
            Map.entry("ftp", 11),
            Map.entry("local0", 16),
            Map.entry("local1", 17),
            Map.entry("local2", 18),
            Map.entry("local3", 19),
            Map.entry("local4", 20),
            Map.entry("local5", 21),
            Map.entry("local6", 22),
            Map.entry("local7", 23));

    private SyslogFacility() {}

    /**
     * Parses a facility.
     *
     * @param nameOrNumber a name (any case) or a number
     * @return 0..23
     * @throws IllegalArgumentException if it is neither a known name nor a number from 0 to 23
     */
    public static int parse(String nameOrNumber) {
        String value = nameOrNumber == null ? "" : nameOrNumber.strip().toLowerCase(Locale.ROOT);
        Integer named = NAMES.get(value);
        if (named != null) {
            return named;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= 0 && number <= 23) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(
                "syslog facility must be 0..23 or a name such as daemon or local0: " + nameOrNumber);
    }
}
