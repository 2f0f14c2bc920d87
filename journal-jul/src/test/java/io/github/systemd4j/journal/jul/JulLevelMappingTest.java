package io.github.systemd4j.journal.jul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JulLevelMappingTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "SEVERE, 3",
        "WARNING, 4",
        "INFO, 6",
        "CONFIG, 6",
        "FINE, 7",
        "FINER, 7",
        "FINEST, 7",
        "ALL, 7",
        "OFF, 3",
        // custom levels: the most severe standard level they are not below
        "EMERGENCY, 3",
        "FATAL, 3",
        "ALARM, 4",
        "NOTICE, 6",
        "VERBOSE, 7",
    })
    void defaults(String level, int priority) {
        assertEquals(priority, JulLevelMapping.parse("").priorityOf(level(level)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "SEVERE, 2",
        "WARNING, 4",
        "INFO, 5",
        "CONFIG, 6",
        "NOTICE, 5", // by name
        "FATAL, 1", // by value
        "ALARM, 4", // 950 floors to WARNING, not overridden
        "EMERGENCY, 2", // 2000 floors to SEVERE, overridden
    })
    void overridesByNameAndValueMoveFlooredLevelsAlong(String level, int priority) {
        JulLevelMapping m = JulLevelMapping.parse("severe=2, INFO=5, NOTICE=5, 1100=1");
        assertEquals(priority, m.priorityOf(level(level)));
    }

    @Test
    void aLevelWithAStandardValueButAnotherNameIsFoundByName() {
        Level sameValueAsInfo = new Level("AUDIT", Level.INFO.intValue()) {
            private static final long serialVersionUID = 1L;
        };
        assertEquals(6, JulLevelMapping.parse("").priorityOf(sameValueAsInfo));
        assertEquals(2, JulLevelMapping.parse("AUDIT=2").priorityOf(sameValueAsInfo));
        assertEquals(6, JulLevelMapping.parse("AUDIT=2").priorityOf(Level.INFO));
    }

    @Test
    void nullIsInfo() {
        assertEquals(5, JulLevelMapping.parse("INFO=5").priorityOf(null));
    }

    @Test
    void malformedSpecificationsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> JulLevelMapping.parse("INFO"));
        assertThrows(IllegalArgumentException.class, () -> JulLevelMapping.parse("INFO=8"));
        assertThrows(IllegalArgumentException.class, () -> JulLevelMapping.parse("=5"));
    }

    private static Level level(String name) {
        switch (name) {
            case "EMERGENCY":
                return TestSupport.CustomLevel.EMERGENCY;
            case "FATAL":
                return TestSupport.CustomLevel.FATAL;
            case "ALARM":
                return TestSupport.CustomLevel.ALARM;
            case "NOTICE":
                return TestSupport.CustomLevel.NOTICE;
            case "VERBOSE":
                return TestSupport.CustomLevel.VERBOSE;
            default:
                return Level.parse(name);
        }
    }
}
