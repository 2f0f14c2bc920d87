package io.github.systemd4j.socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs against the packaged multi-release jar, so on Java 22+ the FFM memfd carrier is in play.
 * That journald accepts its seals from an unprivileged sender is proven in journal-core's
 * JournalClientIT; here: the right carrier, immutable contents, nothing left open or on disk.
 */
class PayloadFileIT {
    private static final byte[] CONTENT = "MESSAGE=carried\n".getBytes(StandardCharsets.UTF_8);

    private static List<Path> descriptorsPointingAt(String prefix) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString().startsWith(prefix);
                        } catch (IOException gone) {
                            return false;
                        }
                    })
                    .collect(Collectors.toList());
        }
    }

    @Test
    void carrierMatchesTheRuntime() throws IOException {
        boolean java22 = Runtime.version().feature() >= 22;
        assertEquals(java22, PayloadFile.memfdSupported());
        try (PayloadFile file = PayloadFile.create(ByteBuffer.wrap(CONTENT))) {
            assertEquals(java22 ? PayloadFile.Kind.SEALED_MEMFD : PayloadFile.Kind.UNLINKED_FILE, file.kind());
            assertEquals(CONTENT.length, file.size());
            assertArrayEquals(CONTENT, ReceivedDatagram.readFile(file.fileDescriptor()));
        }
    }

    @Test
    void memfdIsSealedAgainstWritingAndResizing() throws IOException {
        if (!PayloadFile.memfdSupported()) {
            return; // Java 17-21: covered by unlinkedFileLeavesNothingBehind
        }
        try (PayloadFile file = PayloadFile.create(ByteBuffer.allocateDirect(4096))) {
            // The memfd and its read-only reopening, which is the FileDescriptor callers see.
            List<Path> links = descriptorsPointingAt("/memfd:systemd4j");
            assertEquals(2, links.size(), links.toString());
            for (Path link : links) {
                assertThrows(IOException.class, () -> Files.write(link, new byte[] {1}, StandardOpenOption.APPEND));
                assertThrows(
                        IOException.class,
                        () -> Files.write(link, new byte[] {1}, StandardOpenOption.TRUNCATE_EXISTING));
                assertEquals(4096, Files.size(link));
            }
        }
        assertEquals(List.of(), descriptorsPointingAt("/memfd:systemd4j"), "closed");
    }

    /**
     * The unlinked file is opened by its name once, by the call that creates it exclusively with mode
     * 0600; that descriptor is written and passed. Reopening the name (as {@code O_CREAT} with 0666, or
     * read-only) could find another file there, put by any process of the same user. Traced with strace
     * in a child JVM, the only way to see every {@code open} the JDK and socket-core make.
     */
    @Test
    void unlinkedFileIsOpenedByNameOnlyOnceExclusivelyForTheOwner(@TempDir Path dir) throws Exception {
        Path strace = Stream.of("/usr/bin/strace", "/bin/strace")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        assumeTrue(strace != null || "true".equals(System.getenv("CI")), "strace is not installed");
        assertNotNull(strace, "strace is not installed");
        Path trace = dir.resolve("trace");
        Path carriers = Files.createDirectory(dir.resolve("carriers")).toRealPath();
        Process child = new ProcessBuilder(
                        strace.toString(),
                        "-f",
                        "-qq",
                        "-e",
                        "trace=open,openat,openat2,creat",
                        "-e",
                        "signal=none",
                        "-o",
                        trace.toString(),
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                        CreateUnlinkedFile.class.getName(),
                        carriers.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(1, TimeUnit.MINUTES), output);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("carrier=UNLINKED_FILE"), output);
        List<String> opens;
        try (Stream<String> lines = Files.lines(trace)) {
            opens = lines.filter(l -> l.contains("\"" + carriers + "/systemd4j-"))
                    .collect(Collectors.toList());
        }
        assertEquals(1, opens.size(), String.join("\n", opens));
        String open = opens.get(0);
        assertTrue(open.contains("O_CREAT") && open.contains("O_EXCL") && open.contains(", 0600) = "), open);
        assertFalse(open.contains("= -1"), open);
    }

    /** Child main: creates an unlinked file in the directory given. */
    public static final class CreateUnlinkedFile {
        public static void main(String[] args) throws IOException {
            try (PayloadFile file = PayloadFile.createUnlinked(ByteBuffer.wrap(CONTENT), Path.of(args[0]))) {
                System.out.println("carrier=" + file.kind());
            }
        }
    }

    @Test
    void unlinkedFileLeavesNothingBehind() throws IOException {
        List<Path> files = new ArrayList<>();
        try (PayloadFile file = PayloadFile.createUnlinked(ByteBuffer.wrap(CONTENT), PayloadFile.SHARED_MEMORY_DIR)) {
            assertEquals(PayloadFile.Kind.UNLINKED_FILE, file.kind());
            // The descriptor it was created with and the one callers see: a duplicate on Java 17 to 21,
            // a read-only reopening on Java 22+ (where the FFM transport passes the first).
            List<Path> links = descriptorsPointingAt("/dev/shm/systemd4j-");
            assertEquals(2, links.size(), links.toString());
            for (Path link : links) {
                String target = Files.readSymbolicLink(link).toString();
                assertTrue(target.endsWith(" (deleted)"), "unlinked at once: " + target);
                files.add(Path.of(target.substring(0, target.length() - " (deleted)".length())));
            }
            assertArrayEquals(CONTENT, ReceivedDatagram.readFile(file.fileDescriptor()));
        }
        assertEquals(List.of(), descriptorsPointingAt("/dev/shm/systemd4j-"));
        for (Path file : files) {
            assertFalse(Files.exists(file), file.toString());
        }
    }
}
