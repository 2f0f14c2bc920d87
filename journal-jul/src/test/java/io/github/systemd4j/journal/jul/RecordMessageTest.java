package io.github.systemd4j.journal.jul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/** The message rendering agrees with JUL's own {@code Formatter.formatMessage}. */
class RecordMessageTest {
    private static LogRecord record(String message, Object... parameters) {
        LogRecord r = new LogRecord(Level.INFO, message);
        r.setParameters(parameters);
        return r;
    }

    private final List<Throwable> failures = new ArrayList<>();

    private String format(LogRecord r) {
        return RecordMessage.format(r, failures::add);
    }

    private void assertSameAsJul(LogRecord r) {
        assertEquals(new SimpleFormatter().formatMessage(r), format(r));
    }

    @Test
    void formatsLikeJul() {
        assertSameAsJul(record("no parameters"));
        assertSameAsJul(record("one {0}, two {1}", "a", 2));
        assertSameAsJul(record("braces but no placeholder {x} {", "a"));
        assertSameAsJul(record("a map {0}", Map.of("K", "v")));
        assertSameAsJul(record("malformed {0", "a"));
        assertSameAsJul(record("trailing {"));
        LogRecord localized = record("greeting", "you");
        localized.setResourceBundle(new TestSupport.Messages());
        assertSameAsJul(localized);
        assertEquals("Hello you", format(localized));
        LogRecord missingKey = record("no such key {0}", "x");
        missingKey.setResourceBundle(new TestSupport.Messages());
        assertSameAsJul(missingKey);
        assertEquals(List.of(), failures, "text that is not a pattern is not a failure");
    }

    @Test
    void aParameterThatCannotBeFormattedLeavesTheRawTextAndIsReported() {
        IllegalStateException boom = new IllegalStateException("boom");
        Object hostile = new Object() {
            @Override
            public String toString() {
                throw boom;
            }
        };
        LogRecord r = record("value {0}", hostile);
        assertSameAsJul(r);
        assertEquals("value {0}", format(r));
        assertEquals(List.of(boom, boom), failures);

        failures.clear();
        LogRecord notANumber = record("count {0,number}", "many");
        assertSameAsJul(notANumber);
        assertEquals(1, failures.size());
        assertInstanceOf(IllegalArgumentException.class, failures.get(0));
    }

    @Test
    void noMessageIsNull() {
        assertNull(format(record(null, "x")));
    }
}
