package io.github.systemd4j.notify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileDescriptor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NotifyMessageTest {
    private static final NotifyMessage EMPTY = NotifyMessage.create();

    private static void assertWire(String expected, NotifyMessage message) {
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), message.toBytes());
    }

    @Test
    void everyAssignmentHasItsExactBytes() {
        assertWire("READY=1", EMPTY.ready());
        assertWire("STOPPING=1", EMPTY.stopping());
        assertWire("STATUS=Serving 3 clients", EMPTY.status("Serving 3 clients"));
        assertWire("STATUS=", EMPTY.status(""));
        assertWire("ERRNO=2", EMPTY.errno(2));
        assertWire(
                "BUSERROR=org.freedesktop.DBus.Error.TimedOut", EMPTY.busError("org.freedesktop.DBus.Error.TimedOut"));
        assertWire("EXIT_STATUS=3", EMPTY.exitStatus(3));
        assertWire("MAINPID=4711", EMPTY.mainPid(4711));
        assertWire("WATCHDOG=1", EMPTY.watchdogPing());
        assertWire("WATCHDOG=trigger", EMPTY.watchdogTrigger());
        assertWire("WATCHDOG_USEC=2000000", EMPTY.watchdogTimeout(Duration.ofSeconds(2)));
        assertWire("EXTEND_TIMEOUT_USEC=1500", EMPTY.extendTimeout(Duration.ofNanos(1_499_001)));
        assertWire("NOTIFYACCESS=exec", EMPTY.notifyAccess(NotifyAccess.EXEC));
        assertWire("FDSTOREREMOVE=1\nFDNAME=web", EMPTY.fdStoreRemove("web"));
        assertWire(
                "FDSTORE=1\nFDNAME=web\nFDPOLL=0",
                EMPTY.fdStore("web", FileDescriptor.out).fdPollDisabled());
        assertWire("X_PHASE=warm-up", EMPTY.assignment("X_PHASE=warm-up"));
    }

    @Test
    void reloadingCarriesTheMonotonicClock() {
        long before = MonotonicClock.nowMicros();
        List<String> assignments = EMPTY.reloading().assignments();
        long after = MonotonicClock.nowMicros();
        assertEquals("RELOADING=1", assignments.get(0));
        long stamp = Long.parseLong(assignments.get(1).substring("MONOTONIC_USEC=".length()));
        assertTrue(before <= stamp && stamp <= after, before + " <= " + stamp + " <= " + after);
    }

    @Test
    void severalAssignmentsTravelInOneDatagramWithoutTrailingNewline() {
        assertWire(
                "READY=1\nSTATUS=Listening on :8080\nMAINPID=42",
                NotifyMessage.of("READY=1", "STATUS=Listening on :8080").mainPid(42));
    }

    @Test
    void statusIsUtf8() {
        assertArrayEquals(
                "STATUS=Grüße 😀 日本".getBytes(StandardCharsets.UTF_8),
                EMPTY.status("Grüße 😀 日本").toBytes());
    }

    @Test
    void subMicrosecondDurationsRoundUpNeverToZero() {
        assertWire("WATCHDOG_USEC=1", EMPTY.watchdogTimeout(Duration.ofNanos(1)));
        assertThrows(IllegalArgumentException.class, () -> EMPTY.watchdogTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> EMPTY.extendTimeout(Duration.ofSeconds(-1)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"two\nlines", "carriage\rreturn", "nul\0byte", "lone \uD800 surrogate", "reversed \uDC00\uD800"})
    void freeTextThatWouldBreakTheDatagramIsRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EMPTY.status(text));
        assertTrue(e.getMessage().startsWith("STATUS "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EMPTY.assignment("X_TEXT", text));
    }

    @Test
    void datagramsOverFourKibibytesAreRefused() {
        String fits = "x".repeat(NotifyMessage.MAX_BYTES - "STATUS=".length());
        assertEquals(NotifyMessage.MAX_BYTES, EMPTY.status(fits).toBytes().length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EMPTY.status(fits + "x"));
        assertTrue(e.getMessage().contains("4097 bytes"), e.getMessage());
        // Counted in UTF-8 bytes, not chars: 2048 two-byte characters are 4096 bytes.
        assertThrows(IllegalArgumentException.class, () -> EMPTY.status("é".repeat(2045)));
        assertThrows(IllegalArgumentException.class, () -> EMPTY.ready().status(fits));
    }

    @Test
    void aKeyAppearsOnceBecauseOnlyTheFirstCounts() {
        assertThrows(IllegalArgumentException.class, () -> EMPTY.status("a").status("b"));
        assertThrows(IllegalArgumentException.class, () -> NotifyMessage.of("READY=1", "READY=1"));
        assertThrows(
                IllegalArgumentException.class, () -> EMPTY.fdStoreRemove("a").fdStore("b", FileDescriptor.out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"READY=true", "READY=1 ", "STOPPING=yes", "WATCHDOG=2", "FDPOLL=1", "NOTIFYACCESS=some"})
    void flagsMustHaveTheirExactValue(String assignment) {
        assertThrows(IllegalArgumentException.class, () -> NotifyMessage.of(assignment));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"ERRNO=-1", "MAINPID=abc", "WATCHDOG_USEC=", "EXTEND_TIMEOUT_USEC=1.5", "MONOTONIC_USEC=+1"})
    void numbersMustBeDecimal(String assignment) {
        assertThrows(IllegalArgumentException.class, () -> NotifyMessage.of(assignment));
    }

    @ParameterizedTest
    @ValueSource(strings = {"READY", "ready=1", "=1", "X-Y=1", "1X=2", "ÜBER=1"})
    void keysMustLookLikeKeys(String assignment) {
        assertThrows(IllegalArgumentException.class, () -> NotifyMessage.of(assignment));
    }

    @Test
    void barrierAndFdStoreNeedTheirOwnPaths() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NotifyMessage.of("BARRIER=1"))
                .getMessage()
                .contains("barrier("));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NotifyMessage.of("FDSTORE=1"))
                .getMessage()
                .contains("fdStore("));
        assertThrows(IllegalArgumentException.class, () -> EMPTY.fdStore("web"));
        assertThrows(IllegalArgumentException.class, () -> EMPTY.fdStore("web", new FileDescriptor()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a:b", "tab\there", "ümlaut", "del\u007f"})
    void fdNamesFollowSystemdsRules(String name) {
        assertThrows(IllegalArgumentException.class, () -> EMPTY.fdStoreRemove(name));
        assertThrows(IllegalArgumentException.class, () -> EMPTY.assignment("FDNAME", name));
    }

    @Test
    void fdNamesMayBe255PrintableCharacters() {
        String longest = "n".repeat(NotifyMessage.MAX_FD_NAME);
        assertEquals(
                "FDNAME=" + longest, EMPTY.fdStoreRemove(longest).assignments().get(1));
        assertEquals(
                "FDNAME=with space",
                EMPTY.fdStoreRemove("with space").assignments().get(1));
        assertThrows(IllegalArgumentException.class, () -> EMPTY.fdStoreRemove(longest + "n"));
    }

    @Test
    void rangesOfNumericAssignments() {
        assertThrows(IllegalArgumentException.class, () -> EMPTY.errno(-1));
        assertThrows(IllegalArgumentException.class, () -> EMPTY.errno(4096));
        assertThrows(IllegalArgumentException.class, () -> EMPTY.exitStatus(256));
        assertThrows(IllegalArgumentException.class, () -> EMPTY.mainPid(0));
        assertThrows(IllegalArgumentException.class, () -> EMPTY.busError("NoDots"));
        assertThrows(IllegalArgumentException.class, () -> EMPTY.busError("org.1bad.Name"));
    }

    @Test
    void messagesAreImmutable() {
        NotifyMessage ready = EMPTY.ready();
        ready.status("x");
        assertEquals(List.of("READY=1"), ready.assignments());
        assertTrue(EMPTY.isEmpty());
    }

    @Test
    void sanitizeMakesAnyTextSafeForStatus() {
        assertEquals("a b c d", NotifyMessage.sanitize("a\nb\rc\0d", 100));
        assertEquals("lone \uFFFD", NotifyMessage.sanitize("lone \uD800", 100));
        assertEquals("abcd…", NotifyMessage.sanitize("abcdefgh", 7)); // 4 + 3 bytes of ellipsis
        assertEquals("ü…", NotifyMessage.sanitize("üüüü", 6)); // never splits a character
        assertEquals("😀…", NotifyMessage.sanitize("😀😀😀", 8)); // nor a surrogate pair
        assertEquals("short", NotifyMessage.sanitize("short", 5));
        String safe = NotifyMessage.sanitize("x\n".repeat(5000), 4000);
        EMPTY.status(safe); // accepted
        assertTrue(safe.getBytes(StandardCharsets.UTF_8).length <= 4000);
    }

    @Test
    void sanitizedForTheWholeDatagramIsAStatusTheMessageAccepts() {
        String status = NotifyMessage.sanitize("é".repeat(3000), NotifyMessage.MAX_BYTES);
        NotifyMessage message = EMPTY.status(status); // STATUS= and 4,096 bytes would be refused
        assertTrue(status.endsWith("…"), status);
        // STATUS= (7 bytes) + 2,043 two-byte characters (4,086) + the ellipsis (3): the limit exactly.
        assertEquals(NotifyMessage.MAX_BYTES, message.toBytes().length);
        assertEquals(status, NotifyMessage.sanitize("é".repeat(3000), NotifyMessage.MAX_STATUS_BYTES));
        assertEquals(NotifyMessage.MAX_BYTES - "STATUS=".length(), NotifyMessage.MAX_STATUS_BYTES);
    }
}
