package io.github.systemd4j.journal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JournalSettingsTest {
    @ParameterizedTest
    @CsvSource({
        "250, 250",
        "250ms, 250",
        "250 ms, 250",
        "250 milliseconds, 250",
        "1 millisecond, 1",
        "1 second, 1000",
        "2s, 2000",
        "2 seconds, 2000",
        "1.5 seconds, 1500",
        "1 minute, 60000",
        "2min, 120000",
        "0, 0",
    })
    void durationsAreWrittenTheSameWayEverywhere(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), JournalSettings.duration(text));
    }

    @ParameterizedTest
    @CsvSource({"65536, 65536", "64KB, 65536", "64 kb, 65536", "16MB, 16777216", "16MiB, 16777216", "1GB, 1073741824"})
    void sizesAreWrittenTheSameWayEverywhere(String text, int bytes) {
        assertEquals(bytes, JournalSettings.size(text));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "-1", "soon", "2 fortnights", "1e3", "1.5.2s"})
    void badDurations(String text) {
        assertThrows(IllegalArgumentException.class, () -> JournalSettings.duration(text));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "-1", "2GB", "9999999999", "16 parsecs", "1.5MB"})
    void badSizes(String text) {
        assertThrows(IllegalArgumentException.class, () -> JournalSettings.size(text));
    }

    @Test
    void everyUnusableValueIsReportedNotOnlyTheFirst() {
        JournalSettings settings = new JournalSettings();
        settings.set(JournalProperty.SEND_TIMEOUT, "soon");
        settings.set(JournalProperty.MAX_ENTRY_SIZE, "3GB");
        settings.set(JournalProperty.SYSLOG_FACILITY, "ntp");
        settings.set(JournalProperty.FALLBACK, "file");
        settings.set(JournalProperty.LOG_TID, "yes");
        settings.set(JournalProperty.PRIORITY_MAPPING, "INFO=9");
        settings.set(JournalProperty.CONTEXT_PREFIX, "ok_");
        settings.set(JournalProperty.CONTEXT_INCLUDE, "A", "mdcInclude");
        settings.set(JournalProperty.FIELDS, "lower=1");
        settings.field("MESSAGE", "x");
        settings.set(JournalProperty.SOCKET_PATH, "/run/x/socket");
        settings.set(JournalProperty.NAMESPACE, "ns");
        List<String> problems = settings.problems();
        assertEquals(9, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("sendTimeout=soon: must be a duration"), problems.get(0));
        assertTrue(problems.get(1).startsWith("maxEntrySize=3GB: must be below 2 GiB"), problems.get(1));
        assertTrue(problems.get(2).startsWith("syslogFacility=ntp: syslog facility must be 0..23"), problems.get(2));
        assertTrue(problems.get(3).startsWith("fallback=file: fallback must be stderr, json or none"), problems.get(3));
        assertEquals("logTid=yes: must be true or false", problems.get(4));
        assertTrue(
                problems.get(5).startsWith("priorityMapping=INFO=9: priority for INFO must be 0..7"), problems.get(5));
        assertTrue(problems.get(6).startsWith("fields=lower=1: invalid journal field name"), problems.get(6));
        assertTrue(problems.get(7).startsWith("field MESSAGE: field name MESSAGE is reserved"), problems.get(7));
        assertEquals("namespace: set either socketPath or namespace, not both", problems.get(8));
        assertTrue(settings.isOn(JournalProperty.LOG_TID), "an unusable value keeps the default");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "MAX_ENTRY_SIZE | 1KB            | maxEntrySize=1KB: maximum entry size must be at least 4096",
                "FIELDS         | NO_EQUALS_SIGN | fields=NO_EQUALS_SIGN: must look like NAME=value",
                "FIELDS         | MESSAGE=1      | fields=MESSAGE=1: field name MESSAGE is reserved",
                "SOCKET_PATH    | relative/path  | socketPath=relative/path: ",
                "NAMESPACE      | ../etc         | namespace=../etc: invalid journal namespace name",
            })
    void valuesThatParseButTheClientRejectsAreProblemsToo(JournalProperty property, String value, String expected) {
        JournalSettings settings = new JournalSettings();
        settings.set(property, value);
        List<String> problems = settings.problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(expected), problems.get(0));
    }

    @Test
    void repeatedListsAddUp() throws Exception {
        JournalSettings settings = new JournalSettings();
        settings.set(JournalProperty.CONTEXT_INCLUDE, "A, B");
        settings.set(JournalProperty.CONTEXT_INCLUDE, "C");
        settings.set(JournalProperty.FIELDS, "X=1");
        settings.field("Y", "2");
        ContextFields context = settings.context(v -> {});
        assertTrue(context.includes("A") && context.includes("B") && context.includes("C"));
        assertFalse(context.includes("D"));
        assertTrue(settings.sharingKey().contains(" field X=1 field Y=2"), settings.sharingKey());
    }

    @Test
    void blankValuesAreDefaults() {
        JournalSettings settings = new JournalSettings();
        for (JournalProperty p : JournalProperty.values()) {
            settings.set(p, "  ");
            settings.set(p, null);
        }
        assertEquals(List.of(), settings.problems());
        assertEquals(JournalFallback.STDERR, settings.fallback());
        assertEquals("", settings.priorityMapping());
        assertEquals(new JournalSettings().sharingKey(), settings.sharingKey());
    }

    @Test
    void theSharingKeyChangesWithEveryClientSetting() {
        List<String> keys = new ArrayList<>();
        keys.add(new JournalSettings().sharingKey());
        String[][] changes = {
            {"socketPath", "/run/other/socket"},
            {"syslogIdentifier", "app"},
            {"syslogFacility", "local0"},
            {"fields", "A=1"},
            {"sendTimeout", "2s"},
            {"maxEntrySize", "1MB"},
            {"fallback", "json"},
            {"jmx", "false"},
        };
        for (String[] change : changes) {
            JournalSettings settings = new JournalSettings();
            settings.set(JournalProperty.named(change[0]), change[1]);
            assertEquals(List.of(), settings.problems());
            keys.add(settings.sharingKey());
        }
        assertEquals(keys.size(), keys.stream().distinct().count(), keys.toString());
        JournalSettings namespace = new JournalSettings();
        namespace.set(JournalProperty.NAMESPACE, "ns");
        assertTrue(namespace.sharingKey().startsWith("socket=/run/systemd/journal.ns/socket"));
        assertNotEquals(keys.get(0), namespace.sharingKey());
    }

    @Test
    void theReadmeTableIsThePropertyList() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        StringBuilder table = new StringBuilder("| Property | Default | Meaning |\n| --- | --- | --- |\n");
        for (JournalProperty p : JournalProperty.values()) {
            table.append("| `")
                    .append(p.propertyName())
                    .append("` | ")
                    .append(p.defaultValue())
                    .append(" | ")
                    .append(p.description())
                    .append(" |\n");
        }
        assertTrue(readme.contains(table), "journal-core/README.md must contain this table:\n" + table);
        assertEquals(JournalProperty.SEND_TIMEOUT, JournalProperty.named("sendTimeout"));
        assertEquals(null, JournalProperty.named("sendTimeoutMillis"), "front ends keep their own aliases");
    }
}
