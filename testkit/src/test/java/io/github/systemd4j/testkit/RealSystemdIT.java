package io.github.systemd4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The testkit's own proof that the container runs the machine's systemd and can be driven. */
@ExtendWith(RealSystemdExtension.class)
class RealSystemdIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** The version the image must boot: the host's own systemd here. */
    int expectedVersion() throws IOException {
        String host = new String(new ProcessBuilder("systemctl", "--version")
                .start()
                .getInputStream()
                .readAllBytes());
        return Integer.parseInt(host.split("\\s+")[1]);
    }

    @Test
    void bootsTheImagesSystemdToRunning(RealSystemd systemd) throws Exception {
        assertEquals("running", systemd.systemctl("is-system-running").output().strip());
        assertEquals(expectedVersion(), systemd.version());
        assertEquals(systemd.name(), systemd.exec("hostname").output().strip());
        assertEquals(
                "systemd",
                Files.readString(Path.of("/proc/" + systemd.leaderPid() + "/comm"))
                        .strip());
    }

    @Test
    void notifyServiceIsActivatingUntilReady(RealSystemd systemd) throws Exception {
        systemd.installUnit(
                "gated.service",
                "[Service]\nType=notify\nNotifyAccess=all\n"
                        + "ExecStart=/bin/sh -c 'while [ ! -e /run/gate ]; do sleep 0.05; done;"
                        + " systemd-notify --ready --status=\"open, ütf-8\"; exec sleep infinity'\n");
        systemd.startNoBlock("gated.service");
        systemd.awaitProperty("gated.service", "SubState", "start"::equals, WAIT);
        assertEquals("activating", systemd.property("gated.service", "ActiveState"));
        systemd.writeFile("/run/gate", "");
        systemd.awaitProperty("gated.service", "ActiveState", "active"::equals, WAIT);
        assertEquals("open, ütf-8", systemd.property("gated.service", "StatusText"));
        systemd.stop("gated.service");
        assertEquals("inactive", systemd.property("gated.service", "ActiveState"));
    }

    @Test
    void javaCommandRunsATestClassOnThisJdk(RealSystemd systemd) throws Exception {
        systemd.installUnit(
                "print.service",
                "[Service]\nType=oneshot\nExecStart=" + systemd.javaCommand(PrintArgs.class, "a b", "100% $HOME \"q\"")
                        + "\n");
        systemd.start("print.service");
        List<String> lines =
                systemd.awaitJournal(r -> r.get("MESSAGE").startsWith("java "), 1, WAIT, "-u", "print").stream()
                        .map(r -> r.get("MESSAGE"))
                        .collect(Collectors.toList());
        assertEquals("java " + Runtime.version().feature(), lines.get(0));
        List<String> args = systemd.journal("-u", "print", "_SYSTEMD_UNIT=print.service").stream()
                .map(r -> r.get("MESSAGE"))
                .filter(m -> m.startsWith("arg: "))
                .collect(Collectors.toList());
        assertEquals(List.of("arg: a b", "arg: 100% $HOME \"q\""), args);
    }

    @Test
    void javaCommandGrantsNativeAccess(RealSystemd systemd) throws Exception {
        // On Java 22+ socket-core sends through FFM, whose first downcall prints a warning to stderr
        // unless the command line grants native access.
        systemd.installUnit(
                "ffm.service",
                "[Service]\nType=notify\nExecStart=" + systemd.javaCommand(NotifyReadyThroughSocketCore.class) + "\n");
        systemd.start("ffm.service");
        // stderr is one stream: anything the JVM printed there is in the journal before "done".
        systemd.awaitJournal(r -> r.get("MESSAGE").equals("done"), 1, WAIT, "-u", "ffm");
        List<String> lines = systemd.journal("-u", "ffm", "_SYSTEMD_UNIT=ffm.service").stream()
                .map(r -> r.get("MESSAGE"))
                .collect(Collectors.toList());
        assertEquals(List.of("done"), lines);
    }

    @Test
    void closeHaltsTheContainerAndLeavesNothingBehind(RealSystemd shared) throws Exception {
        RealSystemd systemd = RealSystemd.builder().image(shared.image()).boot();
        long leader = systemd.leaderPid();
        String name = systemd.name();
        Backend backend = systemd.backend();
        systemd.close();
        assertFalse(ProcessHandle.of(leader).isPresent(), "container PID 1 is gone");
        if (backend == Backend.NSPAWN) {
            for (String hierarchy : List.of("systemd", "unified", "")) {
                assertFalse(
                        Files.exists(Path.of("/sys/fs/cgroup", hierarchy, name)), "cgroup " + hierarchy + "/" + name);
            }
        } else {
            assertEquals(List.of(), DockerContainerLeftovers.named(name), "the Docker container is removed");
        }
        try (var tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertTrue(tmp.noneMatch(p -> p.getFileName().toString().startsWith("systemd4j-" + name)));
        }
    }
}
