package io.github.systemd4j.notify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.testkit.FakeNotifySocket;
import io.github.systemd4j.testkit.NotifyDatagram;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class SystemdNotifierTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

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
        assertEquals(List.of(), systemd.problems(), "datagrams the service manager would ignore");
        systemd.close();
    }

    /** Runs a send and returns the one datagram it produced, as raw text. */
    private String sent(Executable send) throws Throwable {
        systemd.clear();
        send.execute();
        return systemd.awaitDatagrams(1, WAIT).get(0).text();
    }

    @Test
    void typedMethodsSendTheirExactAssignments() throws Throwable {
        assertEquals("READY=1", sent(notifier::ready));
        assertEquals("READY=1\nSTATUS=Listening on :8080", sent(() -> notifier.ready("Listening on :8080")));
        assertEquals("STOPPING=1", sent(notifier::stopping));
        assertEquals("STATUS=Grüße 😀", sent(() -> notifier.status("Grüße 😀")));
        assertEquals("ERRNO=5", sent(() -> notifier.errno(5)));
        assertEquals("BUSERROR=org.example.Error.Down", sent(() -> notifier.busError("org.example.Error.Down")));
        assertEquals("EXIT_STATUS=1", sent(() -> notifier.exitStatus(1)));
        assertEquals("MAINPID=4711", sent(() -> notifier.mainPid(4711)));
        assertEquals("WATCHDOG=1", sent(notifier::watchdogPing));
        assertEquals("WATCHDOG=trigger", sent(notifier::watchdogTrigger));
        assertEquals("WATCHDOG_USEC=3000000", sent(() -> notifier.changeWatchdogTimeout(Duration.ofSeconds(3))));
        assertEquals("EXTEND_TIMEOUT_USEC=10000000", sent(() -> notifier.extendTimeout(Duration.ofSeconds(10))));
        assertEquals("NOTIFYACCESS=all", sent(() -> notifier.notifyAccess(NotifyAccess.ALL)));
        assertEquals("FDSTOREREMOVE=1\nFDNAME=web", sent(() -> notifier.fdStoreRemove("web")));
        assertEquals("READY=1\nSTATUS=x\nX_MINE=y", sent(() -> notifier.send("READY=1", "STATUS=x", "X_MINE=y")));
        assertTrue(sent(notifier::reloading).matches("RELOADING=1\nMONOTONIC_USEC=\\d+"));
    }

    @Test
    void statusIsSentAsUtf8Bytes() throws Exception {
        notifier.status("日本語 ✓");
        assertArrayEquals(
                "STATUS=日本語 ✓".getBytes(StandardCharsets.UTF_8),
                systemd.awaitDatagrams(1, WAIT).get(0).payload());
    }

    @Test
    void reachesAnAbstractSocketByItsExactName() throws Exception {
        try (FakeNotifySocket abstractSystemd =
                        FakeNotifySocket.startAbstract("systemd4j-test-ä-" + System.nanoTime());
                SystemdNotifier viaAbstract = SystemdNotifier.fromEnvironment(abstractSystemd.environment())) {
            assertTrue(viaAbstract.socket().orElseThrow().startsWith("@systemd4j-test-ä-"));
            viaAbstract.ready();
            assertEquals(
                    "READY=1", abstractSystemd.awaitDatagrams(1, WAIT).get(0).text());
        }
    }

    @Test
    void fdStoreSendsTheDescriptorsWithTheirName() throws Exception {
        Path file = dir.resolve("state");
        Files.writeString(file, "kept across restarts");
        try (RandomAccessFile state = new RandomAccessFile(file.toFile(), "r")) {
            notifier.send(NotifyMessage.create().fdStore("state", state.getFD()).fdPollDisabled());
        }
        NotifyDatagram d = systemd.awaitDatagrams(1, WAIT).get(0);
        assertEquals(List.of("FDSTORE=1", "FDNAME=state", "FDPOLL=0"), d.assignments());
        assertEquals(1, d.fileDescriptors().size());
        // The received descriptor is the same open file, still readable after the sender closed its own.
        byte[] contents = new byte[64];
        int n = new java.io.FileInputStream(d.fileDescriptors().get(0))
                .getChannel()
                .read(java.nio.ByteBuffer.wrap(contents), 0);
        assertEquals("kept across restarts", new String(contents, 0, n, StandardCharsets.UTF_8));
    }

    @Test
    void fdStoreOfAListeningChannelSendsThatSocket() throws Exception {
        try (ServerSocketChannel web =
                ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            String socket = "socket:[" + listeningInode(((InetSocketAddress) web.getLocalAddress()).getPort()) + "]";
            assertEquals(1, descriptorsLinkingTo(socket));
            notifier.fdStore("web", web);
            NotifyDatagram d = systemd.awaitDatagrams(1, WAIT).get(0);
            assertEquals(List.of("FDSTORE=1", "FDNAME=web"), d.assignments());
            assertEquals(1, d.fileDescriptors().size());
            assertEquals(2, descriptorsLinkingTo(socket), "the fake received a second descriptor of that very socket");
        }
    }

    @Test
    void fdStoreWithoutPollingAddsFdPoll0ForDescriptorsAndChannels() throws Exception {
        Path file = dir.resolve("state");
        Files.writeString(file, "x");
        try (RandomAccessFile state = new RandomAccessFile(file.toFile(), "r");
                ServerSocketChannel web =
                        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            notifier.fdStoreWithoutPolling("state", state.getFD());
            notifier.fdStoreWithoutPolling("web", web);
        }
        List<NotifyDatagram> sent = systemd.awaitDatagrams(2, WAIT);
        assertEquals(
                List.of("FDSTORE=1", "FDNAME=state", "FDPOLL=0"), sent.get(0).assignments());
        assertEquals(List.of("FDSTORE=1", "FDNAME=web", "FDPOLL=0"), sent.get(1).assignments());
        assertEquals(1, sent.get(0).fileDescriptors().size());
        assertEquals(1, sent.get(1).fileDescriptors().size());
        try (SystemdNotifier disabled = SystemdNotifier.fromEnvironment(Map.of())) {
            disabled.fdStoreWithoutPolling("web", ServerSocketChannel.open()); // nothing is looked up
            assertThrows(
                    IllegalArgumentException.class,
                    () -> disabled.fdStoreWithoutPolling("a:b", ServerSocketChannel.open()));
        }
    }

    /** The inode of the TCP socket listening on a port, from /proc/net/tcp6 (the JDK's dual-stack sockets). */
    private static String listeningInode(int port) throws IOException {
        String localPort = String.format(":%04X", port);
        for (String line : Files.readAllLines(Path.of("/proc/net/tcp6"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 9 && f[1].endsWith(localPort) && "0A".equals(f[3])) {
                return f[9];
            }
        }
        throw new AssertionError("no listener on port " + port);
    }

    private static long descriptorsLinkingTo(String target) throws IOException {
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString().equals(target);
                        } catch (IOException gone) {
                            return false;
                        }
                    })
                    .count();
        }
    }

    @Test
    void barrierReturnsOnceTheManagerClosedTheDescriptor() throws Exception {
        notifier.ready();
        assertTimeoutPreemptively(WAIT, () -> notifier.barrier(WAIT));
        List<NotifyDatagram> all = systemd.datagrams();
        assertEquals("READY=1", all.get(0).text());
        assertEquals("BARRIER=1", all.get(1).text());
        assertEquals(1, all.get(1).fileDescriptors().size(), "BARRIER=1 alone with exactly one descriptor");
    }

    @Test
    void barrierTimesOutWhileTheManagerHoldsTheDescriptor() {
        systemd.holdBarriers(true);
        SocketTimeoutException e =
                assertThrows(SocketTimeoutException.class, () -> notifier.barrier(Duration.ofMillis(200)));
        assertTrue(e.getMessage().contains("BARRIER=1"), e.getMessage());
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSent() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> notifier.status("two\nlines"));
        assertThrows(IllegalArgumentException.class, () -> notifier.send("READY=1", "STATUS=a\0b"));
        assertThrows(IllegalArgumentException.class, () -> notifier.status("x".repeat(5000)));
        assertThrows(IllegalArgumentException.class, () -> notifier.send(NotifyMessage.create()));
        assertThrows(IllegalArgumentException.class, () -> notifier.fdStore("a:b", ServerSocketChannel.open()));
        notifier.barrier(WAIT); // everything before it has been processed
        assertEquals(
                List.of("BARRIER=1"),
                systemd.datagrams().stream().map(NotifyDatagram::text).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void withoutNotifySocketEverythingIsANoOpButInputIsStillChecked() throws Exception {
        try (SystemdNotifier disabled = SystemdNotifier.fromEnvironment(Map.of())) {
            assertFalse(disabled.isEnabled());
            assertEquals("SystemdNotifier[disabled: NOTIFY_SOCKET unset]", disabled.toString());
            disabled.ready("fine");
            disabled.barrier(Duration.ZERO);
            disabled.fdStore("web", ServerSocketChannel.open()); // unbound, but nothing is looked up
            assertThrows(IllegalArgumentException.class, () -> disabled.status("bad\n"));
        }
    }

    @Test
    void unusableAddressesFailEachSendWithTheReason() {
        try (SystemdNotifier vsock = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "vsock:2:1234"));
                SystemdNotifier relative = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "run/notify"))) {
            assertTrue(vsock.isEnabled());
            IOException e = assertThrows(IOException.class, vsock::ready);
            assertTrue(e.getMessage().contains("AF_VSOCK"), e.getMessage());
            e = assertThrows(IOException.class, relative::ready);
            assertTrue(e.getMessage().contains("absolute path"), e.getMessage());
        }
    }

    @Test
    void absentManagerIsAnIoExceptionWithTheCause() throws Exception {
        try (SystemdNotifier nowhere = SystemdNotifier.fromEnvironment(
                Map.of("NOTIFY_SOCKET", dir.resolve("missing").toString()))) {
            IOException e = assertThrows(IOException.class, nowhere::ready);
            assertTrue(e.getMessage().contains("NOT_FOUND"), e.getMessage());
        }
    }

    @Test
    void closedNotifierRefusesToSend() {
        notifier.close();
        assertThrows(IOException.class, notifier::ready);
    }

    @Test
    void malformedWatchdogVariablesDisableOnlyTheWatchdogAndAreReportedOnce() throws Exception {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(SystemdNotifier.class.getName());
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel() == java.util.logging.Level.WARNING) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(capture);
        try {
            for (Map<String, String> malformed : List.of(
                    Map.of("WATCHDOG_USEC", "2s"),
                    Map.of("WATCHDOG_USEC", "0"),
                    Map.of("WATCHDOG_USEC", "2000000", "WATCHDOG_PID", "self"))) {
                warnings.clear();
                systemd.clear();
                Map<String, String> env = new java.util.HashMap<>(malformed);
                env.put("NOTIFY_SOCKET", systemd.address());
                try (SystemdNotifier withBadWatchdog = SystemdNotifier.fromEnvironment(env)) {
                    assertTrue(withBadWatchdog.isEnabled());
                    assertEquals(java.util.Optional.empty(), withBadWatchdog.watchdogTimeout(), env.toString());
                    try (Watchdog watchdog = Watchdog.start(withBadWatchdog)) {
                        assertFalse(watchdog.isActive());
                        assertEquals(java.util.Optional.empty(), watchdog.timeout());
                        watchdog.heartbeat("loop").beat();
                    }
                    withBadWatchdog.ready("Serving");
                    withBadWatchdog.changeWatchdogTimeout(Duration.ofSeconds(3)); // the app may still set one
                    assertEquals(java.util.Optional.of(Duration.ofSeconds(3)), withBadWatchdog.watchdogTimeout());
                    withBadWatchdog.barrier(WAIT);
                }
                assertEquals(
                        List.of("READY=1\nSTATUS=Serving", "WATCHDOG_USEC=3000000", "BARRIER=1"),
                        systemd.datagrams().stream()
                                .map(NotifyDatagram::text)
                                .collect(java.util.stream.Collectors.toList()));
                assertEquals(1, warnings.size(), warnings.toString());
                String variable = env.containsKey("WATCHDOG_PID") ? "WATCHDOG_PID" : "WATCHDOG_USEC";
                assertTrue(warnings.get(0).startsWith("watchdog disabled: " + variable), warnings.get(0));
            }
        } finally {
            log.removeHandler(capture);
        }
    }

    @Test
    void watchdogTimeoutFollowsTheEnvironmentAndChanges() throws Exception {
        assertEquals(java.util.Optional.empty(), notifier.watchdogTimeout());
        notifier.changeWatchdogTimeout(Duration.ofMillis(2500));
        assertEquals(java.util.Optional.of(Duration.ofMillis(2500)), notifier.watchdogTimeout());
        try (SystemdNotifier withWatchdog = SystemdNotifier.fromEnvironment(
                Map.of("NOTIFY_SOCKET", systemd.address(), "WATCHDOG_USEC", "4000000"))) {
            assertEquals(java.util.Optional.of(Duration.ofSeconds(4)), withWatchdog.watchdogTimeout());
        }
    }
}
