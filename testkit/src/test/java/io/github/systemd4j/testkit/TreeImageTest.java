package io.github.systemd4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The name of a tree's image: what changes it, and what it leaves out so every user agrees. */
class TreeImageTest {
    @TempDir
    Path tree;

    @Test
    void theSameTreeGetsTheSameNameAndAChangedOneAnother() throws Exception {
        Files.createDirectories(tree.resolve("usr/lib/systemd"));
        Path systemd = Files.writeString(tree.resolve("usr/lib/systemd/systemd"), "v257");
        Files.createSymbolicLink(tree.resolve("sbin"), Path.of("usr/sbin"));
        String name = TreeImage.listingHash(tree);
        assertEquals(name, TreeImage.listingHash(tree));

        Files.writeString(systemd, "v258"); // same size, new time
        Files.setLastModifiedTime(systemd, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        assertNotEquals(name, TreeImage.listingHash(tree));
    }

    @Test
    void whatIsInADirectoryNotEveryUserMayListIsLeftOut() throws Exception {
        Path secret = Files.createDirectories(tree.resolve("etc/credstore"));
        Path key = Files.writeString(secret.resolve("key"), "only root reads this");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rwx------"));
        String before = TreeImage.listingHash(tree);
        // Edited in place, as only root could: the directory's own entry stays as it was.
        Files.writeString(key, "only root reads this, twice as long now");
        assertEquals(before, TreeImage.listingHash(tree), "root and other users must agree");

        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertNotEquals(before, TreeImage.listingHash(tree), "its own entry counts");
    }
}
