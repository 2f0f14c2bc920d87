package io.github.systemd4j.journal.jul;

import io.github.systemd4j.journal.internal.PriorityMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;

/**
 * java.util.logging levels to syslog priorities: SEVERE 3, WARNING 4, INFO 6, CONFIG 6, FINE, FINER
 * and FINEST 7, each overridable by name ({@code INFO=5}).
 *
 * <p>A custom level is looked up by its name ({@code NOTICE=5}), then by its numeric value ({@code
 * 850=5}); otherwise it takes the priority of the most severe standard level it is not below: a level
 * of 950 (between WARNING 900 and SEVERE 1000) logs as WARNING, one of 1100 as SEVERE, one of 100 as
 * FINEST. Overriding a standard level moves the custom levels floored to it along.
 *
 * <p>Immutable and thread-safe; the standard levels are found by identity, without a map lookup.
 */
final class JulLevelMapping {
    private static final Level[] STANDARD = {
        Level.SEVERE, Level.WARNING, Level.INFO, Level.CONFIG, Level.FINE, Level.FINER, Level.FINEST
    };

    private final int[] standard = new int[STANDARD.length];
    private final Map<String, Integer> byName;
    private final Map<Integer, Integer> byValue = new HashMap<>();

    private JulLevelMapping(Map<String, Integer> priorities) {
        this.byName = Map.copyOf(priorities);
        for (int i = 0; i < STANDARD.length; i++) {
            standard[i] = priorities.get(STANDARD[i].getName());
        }
        priorities.forEach((name, priority) -> {
            if (isInteger(name)) {
                byValue.put(Integer.valueOf(name), priority);
            }
        });
    }

    /**
     * The default mapping with overrides.
     *
     * @param spec comma-separated {@code LEVEL=digit} pairs, where {@code LEVEL} is a level name or a
     *     numeric level value; blank for none
     * @return the mapping
     * @throws IllegalArgumentException if a pair is malformed or a priority is not 0..7
     */
    static JulLevelMapping parse(String spec) {
        return new JulLevelMapping(PriorityMap.JUL_STYLE.withOverrides(spec).asMap());
    }

    private static boolean isInteger(String s) {
        try {
            Integer.parseInt(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The priority of a level.
     *
     * @param level any level; null counts as INFO
     * @return 0..7
     */
    int priorityOf(Level level) {
        if (level == null) {
            return standard[2];
        }
        for (int i = 0; i < STANDARD.length; i++) {
            if (level == STANDARD[i]) {
                return standard[i];
            }
        }
        Integer named = byName.get(level.getName().toUpperCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        Integer valued = byValue.get(level.intValue());
        if (valued != null) {
            return valued;
        }
        int value = level.intValue();
        // STANDARD is ordered from most to least severe: the first one at or below the value wins.
        for (int i = 0; i < STANDARD.length - 1; i++) {
            if (value >= STANDARD[i].intValue()) {
                return standard[i];
            }
        }
        return standard[STANDARD.length - 1];
    }
}
