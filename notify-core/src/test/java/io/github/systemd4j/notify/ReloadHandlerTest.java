package io.github.systemd4j.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.testkit.FakeNotifySocket;
import io.github.systemd4j.testkit.NotifyDatagram;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadHandlerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private FakeNotifySocket systemd;
    private SystemdNotifier notifier;

    @BeforeEach
    void start() throws IOException {
        systemd = FakeNotifySocket.start(dir);
        notifier = SystemdNotifier.fromEnvironment(systemd.environment());
    }

    @AfterEach
    void stop() {
        notifier.close();
        assertEquals(List.of(), systemd.problems());
        systemd.close();
    }

    private List<String> texts() {
        return systemd.datagrams().stream().map(NotifyDatagram::text).collect(Collectors.toList());
    }

    @Test
    void reloadingThenTheActionThenReady() throws Exception {
        List<String> seenDuringAction = new java.util.ArrayList<>();
        ReloadHandler handler = ReloadHandler.withoutSignal(notifier, () -> {
            notifier.barrier(WAIT);
            seenDuringAction.addAll(texts());
        });
        assertTrue(handler.reload());
        notifier.barrier(WAIT);
        assertTrue(seenDuringAction.get(0).matches("RELOADING=1\nMONOTONIC_USEC=\\d+"), seenDuringAction.toString());
        List<String> all = texts();
        assertEquals("READY=1", all.get(2), "after RELOADING and the action's own barrier: " + all);
    }

    @Test
    void failedReloadStillEndsTheReloadAndSaysWhyThenRecovers() throws Exception {
        notifier.status("Serving");
        AtomicInteger attempt = new AtomicInteger();
        ReloadHandler handler = ReloadHandler.withoutSignal(notifier, () -> {
            if (attempt.incrementAndGet() == 1) {
                throw new IllegalArgumentException("bad value for port:\n  x");
            }
        });
        notifier.barrier(WAIT);
        systemd.clear();
        assertFalse(handler.reload());
        notifier.barrier(WAIT);
        assertEquals(
                "READY=1\nERRNO=22\nSTATUS=Reload failed: java.lang.IllegalArgumentException: bad value for port:   x",
                texts().get(1));
        systemd.clear();
        assertTrue(handler.reload());
        notifier.barrier(WAIT);
        assertEquals("READY=1\nSTATUS=Serving\nERRNO=0", texts().get(1), "the application's status is back, no error");
    }

    @Test
    void anErrorFromTheActionAlsoEndsTheReloadAndIsRethrown() throws Exception {
        notifier.status("Serving");
        AtomicInteger attempt = new AtomicInteger();
        ReloadHandler handler = ReloadHandler.withoutSignal(notifier, () -> {
            if (attempt.incrementAndGet() == 1) {
                throw new NoClassDefFoundError("com/example/Config");
            }
        });
        notifier.barrier(WAIT);
        systemd.clear();
        NoClassDefFoundError thrown = assertThrows(NoClassDefFoundError.class, handler::reload);
        assertEquals("com/example/Config", thrown.getMessage());
        notifier.barrier(WAIT);
        assertEquals(
                "READY=1\nERRNO=22\nSTATUS=Reload failed: java.lang.NoClassDefFoundError: com/example/Config",
                texts().get(1));
        systemd.clear();
        assertTrue(handler.reload(), "the handler is still usable after an Error");
        notifier.barrier(WAIT);
        assertEquals("READY=1\nSTATUS=Serving\nERRNO=0", texts().get(1));
    }

    @Test
    void anErrorWinsOverAFailedNotificationWhichIsAttached() {
        ReloadHandler handler = ReloadHandler.withoutSignal(notifier, () -> {
            notifier.close(); // the READY=1 after the action cannot be sent
            throw new NoClassDefFoundError("com/example/Config");
        });
        NoClassDefFoundError thrown = assertThrows(NoClassDefFoundError.class, handler::reload);
        assertEquals(1, thrown.getSuppressed().length);
        assertTrue(thrown.getSuppressed()[0] instanceof IOException, thrown.getSuppressed()[0].toString());
    }

    @Test
    void aFailedNotificationCarriesTheActionsException() {
        ReloadHandler handler = ReloadHandler.withoutSignal(notifier, () -> {
            notifier.close();
            throw new IllegalArgumentException("bad port");
        });
        IOException thrown = assertThrows(IOException.class, handler::reload);
        assertEquals("bad port", thrown.getSuppressed()[0].getMessage());
    }

    @Test
    void signalsBeforeReadyMakeOneReloadAfterIt() throws Exception {
        AtomicInteger reloads = new AtomicInteger();
        ReloadHandler handler = ReloadHandler.withoutSignal(notifier, reloads::incrementAndGet);
        handler.onSignal();
        handler.onSignal();
        notifier.barrier(WAIT);
        assertEquals(List.of("BARRIER=1"), texts(), "no RELOADING=1, and above all no READY=1, while starting");
        assertEquals(0, reloads.get());

        notifier.ready("Serving");
        systemd.awaitDatagrams(d -> d.has("READY=1"), 2, WAIT);
        notifier.barrier(WAIT);
        List<String> all = texts();
        assertEquals("READY=1\nSTATUS=Serving", all.get(1));
        assertTrue(all.get(2).startsWith("RELOADING=1\nMONOTONIC_USEC="), all.toString());
        assertEquals("READY=1", all.get(3));
        assertEquals(1, reloads.get(), "two signals while starting, one reload: " + all);
    }

    @Test
    void withoutNotifySocketASignalReloadsAtOnce() throws Exception {
        AtomicInteger reloads = new AtomicInteger();
        try (SystemdNotifier disabled = SystemdNotifier.fromEnvironment(java.util.Map.of())) {
            ReloadHandler.withoutSignal(disabled, reloads::incrementAndGet).onSignal();
        }
        assertEquals(1, reloads.get());
    }

    @Test
    void sighupRunsTheReload() throws Exception {
        AtomicInteger reloads = new AtomicInteger();
        try (ReloadHandler handler = ReloadHandler.onSighup(notifier, reloads::incrementAndGet)) {
            notifier.ready();
            notifier.barrier(WAIT);
            systemd.clear();
            Process kill = new ProcessBuilder(
                            "kill",
                            "-HUP",
                            String.valueOf(ProcessHandle.current().pid()))
                    .start();
            assertEquals(0, kill.waitFor());
            NotifyDatagram ready = systemd.awaitDatagram(d -> d.has("READY=1"), WAIT);
            assertTrue(ready.assignments().size() == 1, ready.toString());
            assertEquals(1, reloads.get());
            assertTrue(texts().get(0).startsWith("RELOADING=1\nMONOTONIC_USEC="));
        }
    }
}
