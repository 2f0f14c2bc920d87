package io.github.systemd4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What users of {@link RealSystemdExtension} and {@link RealJournaldExtension} see on a machine that
 * lacks what those need: the tests are reported <em>skipped</em> with the reason, and with {@code
 * CI=true} they fail. The sample classes below run in a child JVM through the JUnit Platform
 * launcher ({@link PrintOutcomes}), on a {@code PATH} without {@code systemd-nspawn}, with a trixie
 * tree that does not exist, or as the user {@code nobody}: the conditions of a real machine, nothing
 * simulated inside the testkit.
 */
class MissingPrerequisitesTest {
    private static final int NOBODY = 65534;

    @TempDir
    Path dir;

    private final List<Path> stagedCopies = new ArrayList<>();

    @AfterEach
    void removeStagedCopies() throws IOException {
        for (Path staged : stagedCopies) {
            Processes.deleteRecursively(staged);
        }
    }

    @Test
    void withoutSystemdNspawnTheTestsThatNeedItAreSkippedWithTheReasonAndTheOthersRun() throws Exception {
        Map<String, String[]> outcomes = run(withoutTools(false), SYSTEMD_SAMPLES);

        assertOutcome(
                outcomes, "SystemdInATest#takesIt", "SKIPPED", "cannot boot a real systemd from the host's /usr: ");
        assertOutcome(outcomes, "SystemdInATest#takesIt", "SKIPPED", "systemd-nspawn not found on PATH");
        assertOutcome(outcomes, "SystemdInATest#takesNothing", "SUCCESSFUL", "");
        assertOutcome(outcomes, "SystemdInATest", "SUCCESSFUL", "");
        assertOutcome(outcomes, "SystemdInBeforeAll", "SKIPPED", "systemd-nspawn not found on PATH");
        assertOutcome(outcomes, "TrixieInATest#takesIt", "SKIPPED", "systemd-nspawn not found on PATH");
        assertOutcome(outcomes, "TrixieInATest#takesIt", "SKIPPED", "no systemd tree at " + dir.resolve("no-tree"));
        assertOutcome(outcomes, "TrixieInATest#takesNothing", "SUCCESSFUL", "");
        assertNoneFailed(outcomes);
    }

    @Test
    void withoutSystemdNspawnOnCiTheTestsThatNeedItFail() throws Exception {
        Map<String, String[]> outcomes = run(withoutTools(true), SYSTEMD_SAMPLES);

        assertOutcome(outcomes, "SystemdInATest#takesIt", "FAILED", "systemd-nspawn not found on PATH");
        assertOutcome(outcomes, "SystemdInATest#takesIt", "FAILED", "CI=true: tests that need systemd must not be");
        assertOutcome(outcomes, "SystemdInATest#takesNothing", "SUCCESSFUL", "");
        assertOutcome(outcomes, "SystemdInBeforeAll", "FAILED", "CI=true");
        assertOutcome(outcomes, "TrixieInATest#takesIt", "FAILED", "no systemd tree at " + dir.resolve("no-tree"));
    }

    @Test
    void withoutRootJournaldAndSystemdTestsAreSkippedWithTheReason() throws Exception {
        Map<String, String[]> outcomes = run(asNobody(false), ROOT_SAMPLES);

        assertOutcome(outcomes, "JournaldInATest#takesIt", "SKIPPED", "cannot start a real journald: ");
        assertOutcome(outcomes, "JournaldInATest#takesIt", "SKIPPED", "needs root");
        assertOutcome(outcomes, "JournaldInATest#takesNothing", "SUCCESSFUL", "");
        assertOutcome(outcomes, "SystemdInATest#takesIt", "SKIPPED", "needs root");
        if (Processes.isRoot()) {
            // nobody is not allowed to use this machine's Docker daemon either: the reason says what
            // each backend lacks.
            assertOutcome(outcomes, "JournaldInATest#takesIt", "SKIPPED", "Docker backend: no Docker daemon reachable");
            assertOutcome(outcomes, "SystemdInATest#takesIt", "SKIPPED", "Docker backend: no Docker daemon reachable");
        }
        assertNoneFailed(outcomes);
    }

    @Test
    void withoutRootOnCiJournaldAndSystemdTestsFail() throws Exception {
        Map<String, String[]> outcomes = run(asNobody(true), ROOT_SAMPLES);

        assertOutcome(outcomes, "JournaldInATest#takesIt", "FAILED", "needs root");
        assertOutcome(outcomes, "JournaldInATest#takesIt", "FAILED", "CI=true: tests that need journald must not be");
        assertOutcome(outcomes, "SystemdInATest#takesIt", "FAILED", "CI=true");
    }

    // --- the samples: surefire and failsafe skip nested classes, and where a test filter or an IDE
    // selects them anyway, they are disabled unless PrintOutcomes runs them for this test ---

    private static final String SAMPLES = "systemd4j.testkit.samples";

    private static final List<Class<?>> SYSTEMD_SAMPLES =
            List.of(SystemdInATest.class, SystemdInBeforeAll.class, TrixieInATest.class);
    private static final List<Class<?>> ROOT_SAMPLES = List.of(JournaldInATest.class, SystemdInATest.class);

    @EnabledIfSystemProperty(named = SAMPLES, matches = "true")
    @ExtendWith(RealSystemdExtension.class)
    static class SystemdInATest {
        @Test
        void takesIt(RealSystemd systemd) {
            fail("ran with " + systemd);
        }

        @Test
        void takesNothing() {}
    }

    @EnabledIfSystemProperty(named = SAMPLES, matches = "true")
    @ExtendWith(RealSystemdExtension.class)
    static class SystemdInBeforeAll {
        @BeforeAll
        static void boot(RealSystemd systemd) {
            fail("ran with " + systemd);
        }

        @Test
        void takesNothing() {}
    }

    @EnabledIfSystemProperty(named = SAMPLES, matches = "true")
    @WithSystemdImage("trixie")
    static class TrixieInATest extends SystemdInATest {}

    @EnabledIfSystemProperty(named = SAMPLES, matches = "true")
    @ExtendWith(RealJournaldExtension.class)
    static class JournaldInATest {
        @Test
        void takesIt(RealJournald journald) {
            fail("ran with " + journald);
        }

        @Test
        void takesNothing() {}
    }

    // --- running them ---

    /** How to start the child: command prefix, environment changes, class path. */
    private static final class Child {
        final List<String> prefix = new ArrayList<>();
        final Map<String, String> environment = new LinkedHashMap<>();
        final List<String> jvmOptions = new ArrayList<>();
        String classPath = JvmCommand.testClassPath();
        Path workingDirectory;
    }

    /** A {@code PATH} that holds no tools at all, and a trixie tree that does not exist. */
    private Child withoutTools(boolean ci) throws IOException {
        Child child = new Child();
        child.environment.put(
                "PATH", Files.createDirectories(dir.resolve("empty-path")).toString());
        child.environment.put("CI", ci ? "true" : null);
        child.jvmOptions.add("-D" + SystemdImage.TRIXIE_PROPERTY + "=" + dir.resolve("no-tree"));
        return child;
    }

    /**
     * The user {@code nobody}, through setpriv, whose Docker backend names an image so that what it
     * lacks is the daemon; when the tests do not run as root, themselves on the nspawn backend only (a
     * developer may be allowed to use Docker).
     */
    private Child asNobody(boolean ci) throws IOException {
        Child child = new Child();
        child.environment.put("CI", ci ? "true" : null);
        if (!Processes.isRoot()) {
            child.jvmOptions.add("-D" + Backend.PROPERTY + "=nspawn");
        } else {
            child.jvmOptions.add("-D" + SystemdImage.IMAGE_PROPERTY + "=docker:example/none");
            Path setpriv = Processes.which("setpriv");
            if (setpriv == null) {
                fail("setpriv (util-linux) is needed to run the samples as nobody");
            }
            child.prefix.addAll(
                    List.of(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
            // nobody cannot read the build's class path under root's home: a world-readable copy.
            Path staged = Files.createTempDirectory("systemd4j-cp");
            stagedCopies.add(staged);
            child.classPath = JvmCommand.stage(JvmCommand.testClassPath(), staged, staged.toString());
            child.workingDirectory = staged;
        }
        return child;
    }

    /** Runs the sample classes in the child and returns status, detail and all output by class or method. */
    private Map<String, String[]> run(Child child, List<Class<?>> samples) throws Exception {
        List<String> command = new ArrayList<>(child.prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-D" + SAMPLES + "=true"));
        command.addAll(child.jvmOptions);
        command.addAll(List.of("-cp", child.classPath, PrintOutcomes.class.getName()));
        samples.forEach(c -> command.add(c.getName()));
        Path log = dir.resolve("child.log");
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (child.workingDirectory != null) {
            pb.directory(child.workingDirectory.toFile());
        }
        child.environment.forEach((name, value) -> {
            if (value == null) {
                pb.environment().remove(name);
            } else {
                pb.environment().put(name, value);
            }
        });
        Process process = pb.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("the child did not finish:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        assertEquals(0, process.exitValue(), output);
        Map<String, String[]> outcomes = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            String[] fields = line.split("\t", -1);
            if (fields.length == 4 && fields[0].equals("OUTCOME")) {
                outcomes.put(fields[1], new String[] {fields[2], fields[3], output});
            }
        }
        return outcomes;
    }

    private static void assertOutcome(Map<String, String[]> outcomes, String name, String status, String detailPart) {
        String[] outcome = outcomes.get(name);
        assertTrue(outcome != null, name + " did not run: " + outcomes.keySet());
        assertEquals(status, outcome[0], name + ": " + outcome[1] + "\n" + outcome[2]);
        assertTrue(outcome[1].contains(detailPart), name + ": " + outcome[1] + " lacks " + detailPart);
    }

    private static void assertNoneFailed(Map<String, String[]> outcomes) {
        outcomes.forEach((name, outcome) ->
                assertTrue(!outcome[0].equals("FAILED") && !outcome[0].equals("ABORTED"), name + ": " + outcome[1]));
    }
}
