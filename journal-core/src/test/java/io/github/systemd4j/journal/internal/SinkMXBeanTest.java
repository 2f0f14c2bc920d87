package io.github.systemd4j.journal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.journal.JournalMXBean;
import io.github.systemd4j.testkit.FakeJournald;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sink's {@link JournalMXBean} in the platform MBean server: its attributes, names and life. */
class SinkMXBeanTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path dir;

    private final RecordingReporter reporter = new RecordingReporter();

    /** A name no other test uses, so that each test sees only its own beans. */
    private final String name = "test-" + UUID.randomUUID();

    private JournalSink open(String socket, String... more) {
        JournalSettings settings = new JournalSettings();
        settings.set(JournalProperty.SOCKET_PATH, socket);
        settings.set(JournalProperty.FALLBACK, "none");
        for (int i = 0; i < more.length; i += 2) {
            settings.set(JournalProperty.named(more[i]), more[i + 1]);
        }
        return JournalSink.open(settings, List.of(), name, reporter);
    }

    private static ObjectName objectName(String name, int instance) throws Exception {
        return new ObjectName(
                "io.github.systemd4j:type=Journal,name=" + name + (instance == 1 ? "" : ",instance=" + instance));
    }

    private Set<ObjectName> registered() throws Exception {
        return SERVER.queryNames(new ObjectName("io.github.systemd4j:type=Journal,name=" + name + ",*"), null);
    }

    @Test
    void theBeanShowsTheClientsCountersWhileTheSinkIsOpen() throws Exception {
        try (FakeJournald journald = FakeJournald.start(dir)) {
            try (JournalSink sink = open(journald.socketPath())) {
                // A typed proxy, as journal-core's README shows it.
                JournalMXBean bean = JMX.newMXBeanProxy(SERVER, objectName(name, 1), JournalMXBean.class);
                assertEquals(journald.socketPath(), bean.getSocket());
                assertEquals(0, bean.getSent());
                sink.deliver(sink.entry().message("one"));
                sink.deliver(sink.entry().message("two"));
                journald.awaitRecords(2, Duration.ofSeconds(30));
                assertEquals(2, bean.getSent());
                assertEquals(0, bean.getSentViaFd(), "small entries are datagrams");
                assertEquals(0, bean.getDropped());
                assertEquals(0, bean.getFailed());
                assertEquals(0, bean.getTruncated());
                assertFalse(bean.isOutage());
                assertFalse(bean.isFallbackOnly());
                assertEquals(2L, SERVER.getAttribute(objectName(name, 1), "Sent"), "plain JMX reads it too");
            }
        }
        assertEquals(Set.of(), registered(), "removed at close");
        assertEquals(List.of(), reporter.reports());
    }

    @Test
    void aMissingSocketIsAnOutageAndItsEntriesAreDropped() throws Exception {
        try (JournalSink sink = open(dir.resolve("absent").toString())) {
            ObjectName bean = objectName(name, 1);
            assertEquals(true, SERVER.getAttribute(bean, "Outage"));
            sink.deliver(sink.entry().message("lost"));
            assertEquals(1L, SERVER.getAttribute(bean, "Dropped"));
            assertEquals(0L, SERVER.getAttribute(bean, "FallbackWrites"), "fallback none");
        }
    }

    @Test
    void anInvalidConfigurationIsFallbackOnly() throws Exception {
        try (JournalSink sink = open(dir.resolve("absent").toString(), "logTid", "maybe")) {
            assertEquals(true, SERVER.getAttribute(objectName(name, 1), "FallbackOnly"));
        }
    }

    /**
     * Two Logback contexts with an appender of the same name, or a Log4j2 reconfiguration whose new
     * socket opens before the old one closes: each gets a bean, and the plain name stays in use.
     */
    @Test
    void sinksOfOneNameGetInstanceNumbersAndThePlainNameIsPassedOn() throws Exception {
        JournalSink first = open(dir.resolve("first").toString());
        JournalSink second = open(dir.resolve("second").toString());
        JournalSink third = open(dir.resolve("third").toString());
        try {
            assertEquals(Set.of(objectName(name, 1), objectName(name, 2), objectName(name, 3)), registered());
            first.close();
            assertEquals(Set.of(objectName(name, 1), objectName(name, 3)), registered());
            assertEquals(
                    dir.resolve("second").toString(),
                    SERVER.getAttribute(objectName(name, 1), "Socket"),
                    "the oldest of the others took the plain name");
            third.close();
            assertEquals(Set.of(objectName(name, 1)), registered(), "a numbered one leaves alone");
            second.close();
            assertEquals(Set.of(), registered());
        } finally {
            first.close();
            second.close();
            third.close();
        }
        assertEquals(3, reporter.reports().size(), "the three outage notices, no JMX trouble: " + reporter.reports());
    }

    @Test
    void aNameAnObjectNameCannotHoldAsItIsIsQuoted() throws Exception {
        String odd = "a,b=c:\"d\"*?\\";
        try (JournalSink sink = JournalSink.open(new JournalSettings(), List.of(), odd, reporter)) {
            ObjectName quoted = new ObjectName("io.github.systemd4j:type=Journal,name=" + ObjectName.quote(odd));
            assertTrue(SERVER.isRegistered(quoted), quoted.toString());
            assertEquals(odd, ObjectName.unquote(quoted.getKeyProperty("name")));
        }
    }

    @Test
    void jmxFalseRegistersNothing() throws Exception {
        try (JournalSink sink = open(dir.resolve("absent").toString(), "jmx", "false")) {
            assertEquals(Set.of(), registered());
        }
    }

    @Test
    void aServerThatRefusesTheBeanIsAWarningAndTheSinkWorks() throws Exception {
        MBeanServer refusing = (MBeanServer) Proxy.newProxyInstance(
                SinkMXBeanTest.class.getClassLoader(), new Class<?>[] {MBeanServer.class}, (proxy, method, args) -> {
                    throw new SecurityException("no MBeans here");
                });
        try (FakeJournald journald = FakeJournald.start(dir)) {
            JournalSettings settings = new JournalSettings();
            settings.set(JournalProperty.SOCKET_PATH, journald.socketPath());
            try (JournalSink sink = JournalSink.open(
                    settings, List.of(), name, reporter, new JournalMBeans(() -> refusing, () -> true))) {
                assertEquals(
                        JournalSink.Delivery.SENT, sink.deliver(sink.entry().message("still sent")));
            }
        }
        assertEquals(
                List.of("WARN its counters cannot be read through JMX: registering its MXBean failed:"
                        + " java.lang.SecurityException: no MBeans here"),
                reporter.reports());
    }

    /** A server not created yet: its creation, and the bean's registration, run on a daemon thread. */
    @Test
    void aServerNotCreatedYetIsCreatedOffTheOpeningThread() throws Exception {
        MBeanServer later = MBeanServerFactory.newMBeanServer();
        AtomicReference<Thread> creator = new AtomicReference<>();
        JournalMBeans mbeans = new JournalMBeans(
                () -> {
                    creator.set(Thread.currentThread());
                    return later;
                },
                () -> false);
        JournalSettings settings = new JournalSettings();
        settings.set(JournalProperty.SOCKET_PATH, dir.resolve("absent").toString());
        settings.set(JournalProperty.FALLBACK, "none");
        try (JournalSink sink = JournalSink.open(settings, List.of(), name, reporter, mbeans)) {
            awaitCreator(creator).join(TimeUnit.MINUTES.toMillis(1));
            assertTrue(creator.get().isDaemon(), "a daemon thread, never the one that opens the sink");
            assertEquals("systemd4j-jmx", creator.get().getName());
            assertTrue(later.isRegistered(objectName(name, 1)));
        }
        assertFalse(later.isRegistered(objectName(name, 1)), "removed at close");
    }

    /** Closed before the daemon thread got the server: nothing is left registered. */
    @Test
    void aSinkClosedBeforeItsBeanIsRegisteredNeverRegistersIt() throws Exception {
        MBeanServer later = MBeanServerFactory.newMBeanServer();
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<Thread> creator = new AtomicReference<>();
        JournalMBeans mbeans = new JournalMBeans(
                () -> {
                    creator.set(Thread.currentThread());
                    try {
                        closed.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return later;
                },
                () -> false);
        JournalSettings settings = new JournalSettings();
        settings.set(JournalProperty.SOCKET_PATH, dir.resolve("absent").toString());
        settings.set(JournalProperty.FALLBACK, "none");
        JournalSink.open(settings, List.of(), name, reporter, mbeans).close();
        closed.countDown();
        Thread thread = awaitCreator(creator);
        thread.join(TimeUnit.MINUTES.toMillis(1));
        assertFalse(thread.isAlive());
        assertEquals(Set.of(), later.queryNames(new ObjectName("io.github.systemd4j:*"), null));
    }

    private static Thread awaitCreator(AtomicReference<Thread> creator) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (creator.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(creator.get() != null, "the registering thread started");
        return creator.get();
    }
}
