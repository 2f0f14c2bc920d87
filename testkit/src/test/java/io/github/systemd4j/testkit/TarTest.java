package io.github.systemd4j.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive pieces Docker's build context is made of, read back by GNU tar. */
class TarTest {
    @TempDir
    Path dir;

    @Test
    void gnuTarReadsTheFilesBackByteExact() throws Exception {
        byte[] first = "FROM scratch\n".getBytes(StandardCharsets.UTF_8);
        byte[] second = new byte[1536 + 7]; // more than a block, not a whole number of them
        for (int i = 0; i < second.length; i++) {
            second[i] = (byte) i;
        }
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        archive.writeBytes(Tar.file("Dockerfile", first));
        archive.writeBytes(Tar.header("rootfs.tar", second.length));
        archive.writeBytes(second);
        archive.writeBytes(Tar.padding(second.length));
        archive.writeBytes(Tar.end());
        assertEquals(0, archive.size() % 512, "whole blocks");
        Path file = Files.write(dir.resolve("context.tar"), archive.toByteArray());
        Path out = Files.createDirectory(dir.resolve("out"));

        Process tar = new ProcessBuilder("tar", "-xf", file.toString(), "-C", out.toString())
                .redirectErrorStream(true)
                .start();
        String said = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        tar.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, tar.exitValue(), said); // a wrong checksum or magic makes GNU tar complain

        assertArrayEquals(first, Files.readAllBytes(out.resolve("Dockerfile")));
        assertArrayEquals(second, Files.readAllBytes(out.resolve("rootfs.tar")));
        assertEquals(
                "rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("Dockerfile"))));
    }

    @Test
    void paddingFillsTheLastBlockOnly() {
        assertEquals(0, Tar.padding(0).length);
        assertEquals(511, Tar.padding(1).length);
        assertEquals(0, Tar.padding(1024).length);
    }

    @Test
    void aNameThatDoesNotFitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Tar.header("a/b", 1));
        assertThrows(IllegalArgumentException.class, () -> Tar.header("x".repeat(101), 1));
    }
}
