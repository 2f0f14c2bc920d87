package io.github.systemd4j.socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

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

    @Test
    void unlinkedFileLeavesNothingBehind() throws IOException {
        List<Path> files = new ArrayList<>();
        try (PayloadFile file = PayloadFile.createUnlinked(ByteBuffer.wrap(CONTENT), PayloadFile.SHARED_MEMORY_DIR)) {
            assertEquals(PayloadFile.Kind.UNLINKED_FILE, file.kind());
            // On Java 22+ also a read-only descriptor of the same file, which the FFM transport passes.
            List<Path> links = descriptorsPointingAt("/dev/shm/systemd4j-");
            assertEquals(PayloadFile.memfdSupported() ? 2 : 1, links.size(), links.toString());
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
