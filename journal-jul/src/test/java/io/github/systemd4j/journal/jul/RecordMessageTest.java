package io.github.systemd4j.journal.jul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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

    private static void assertSameAsJul(LogRecord r) {
        assertEquals(new SimpleFormatter().formatMessage(r), RecordMessage.format(r));
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
        assertEquals("Hello you", RecordMessage.format(localized));
        LogRecord missingKey = record("no such key {0}", "x");
        missingKey.setResourceBundle(new TestSupport.Messages());
        assertSameAsJul(missingKey);
    }

    @Test
    void aParameterWhoseToStringThrowsLeavesTheRawText() {
        Object hostile = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("boom");
            }
        };
        assertEquals("value {0}", RecordMessage.format(record("value {0}", hostile)));
    }

    @Test
    void noMessageIsNull() {
        assertNull(RecordMessage.format(record(null, "x")));
    }
}
