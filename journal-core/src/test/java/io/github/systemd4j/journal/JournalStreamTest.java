package io.github.systemd4j.journal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalStreamTest {
    @TempDir
    Path dir;

    @Test
    void matchesDeviceAndInode() throws Exception {
        Path file = Files.createFile(dir.resolve("stream"));
        long dev = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
        long ino = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
        assertTrue(JournalStream.isJournal(Map.of("JOURNAL_STREAM", dev + ":" + ino), file));
        assertFalse(JournalStream.isJournal(Map.of("JOURNAL_STREAM", dev + ":" + (ino + 1)), file));
        assertFalse(JournalStream.isJournal(Map.of("JOURNAL_STREAM", "garbage"), file));
        assertFalse(JournalStream.isJournal(Map.of(), file));
    }

    @Test
    void kernelThreadIdIsCachedPerThreadAndDiffersBetweenThreads() throws Exception {
        int main = KernelThreadId.current();
        assertTrue(main > 0);
        assertTrue(main == KernelThreadId.current());
        int[] other = new int[1];
        Thread t = new Thread(() -> other[0] = KernelThreadId.current());
        t.start();
        t.join();
        assertTrue(other[0] > 0 && other[0] != main);
    }
}
