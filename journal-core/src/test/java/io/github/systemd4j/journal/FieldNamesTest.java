package io.github.systemd4j.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sanitiser's rule table: key in, field name out. */
class FieldNamesTest {
    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "MESSAGE_ID      | MESSAGE_ID",
                "db_host         | DB_HOST",
                "db.host         | DB_HOST",
                "db-host         | DB_HOST",
                "DbHost2         | DBHOST2",
                "1st             | ESCAPED_1ST",
                "_secret         | ESCAPED__SECRET",
                "_               | ESCAPED__",
                "größe           | GR__E",
                "😀x             | ESCAPED__X",
                "a=b             | A_B",
                "\"a b\"         | A_B",
                "\"\"            | EMPTY",
            })
    void sanitize(String key, String expected) {
        assertEquals(expected, FieldNames.sanitize(key));
        assertTrue(FieldNames.isValid(FieldNames.sanitize(key)));
    }

    @Test
    void longKeysAreCutTo64BytesAfterPrefixing() {
        assertEquals("A".repeat(64), FieldNames.sanitize("a".repeat(65)));
        String escaped = FieldNames.sanitize("_" + "b".repeat(80));
        assertEquals(64, escaped.length());
        assertTrue(escaped.startsWith("ESCAPED__BBB"));
        assertEquals("A".repeat(64), FieldNames.sanitize("A".repeat(64)), "64 bytes is still valid");
    }

    @Test
    void reservedNamesAreEscapedForUserKeys() {
        assertEquals("ESCAPED_MESSAGE", FieldNames.forKey("message").toString());
        assertEquals("ESCAPED_PRIORITY", FieldNames.forKey("PRIORITY").toString());
        assertEquals("ESCAPED_SD_ID", FieldNames.forKey("sd.id").toString());
        assertEquals(
                "ESCAPED_SYSLOG_IDENTIFIER",
                FieldNames.forKey("syslog.identifier").toString());
        assertEquals("DB_HOST", FieldNames.forKey("DB_HOST").toString());
        assertEquals("EMPTY", FieldNames.forKey(null).toString());
        assertSame(FieldNames.forKey("cached.key"), FieldNames.forKey("cached.key"));
    }

    @Test
    void validity() {
        assertTrue(FieldNames.isValid("A"));
        assertTrue(FieldNames.isValid("A".repeat(64)));
        assertFalse(FieldNames.isValid("A".repeat(65)));
        assertFalse(FieldNames.isValid("a"));
        assertFalse(FieldNames.isValid("_A"));
        assertFalse(FieldNames.isValid("1A"));
        assertFalse(FieldNames.isValid("A-B"));
        assertFalse(FieldNames.isValid(""));
        assertThrows(IllegalArgumentException.class, () -> FieldName.of("lower"));
    }
}
