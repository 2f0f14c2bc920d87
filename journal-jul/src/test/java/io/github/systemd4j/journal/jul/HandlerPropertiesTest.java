package io.github.systemd4j.journal.jul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HandlerPropertiesTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"250, 250", "250ms, 250", "250 milliseconds, 250", "2s, 2000", "2 seconds, 2000", "1 second, 1000"})
    void durations(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), HandlerProperties.duration(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"65536, 65536", "64KB, 65536", "16 MB, 16777216", "1GiB, 1073741824", "4096b, 4096", "32mb, 33554432"})
    void sizes(String text, int bytes) {
        assertEquals(bytes, HandlerProperties.size(text));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "-1", "1.5s", "soon", "2 minutes"})
    void badDurations(String text) {
        assertThrows(IllegalArgumentException.class, () -> HandlerProperties.duration(text));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "-1", "2GB", "9999999999", "16 parsecs"})
    void badSizes(String text) {
        assertThrows(IllegalArgumentException.class, () -> HandlerProperties.size(text));
    }
}
