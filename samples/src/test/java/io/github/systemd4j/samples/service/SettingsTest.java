package io.github.systemd4j.samples.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path dir;

    @Test
    void readsTheSampleSettingsFile() throws IOException {
        assertEquals(new Settings("db1"), Settings.load(Path.of("config/app.properties")));
    }

    @Test
    void aFileWithoutDbHostOrWithAnInvalidOneIsRejected() throws IOException {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "# nothing\n");
        assertThrows(IllegalArgumentException.class, () -> Settings.load(file));
        Files.writeString(file, "db.host=db 1\n");
        assertThrows(IllegalArgumentException.class, () -> Settings.load(file));
        Files.writeString(file, "db.host=\n");
        assertThrows(IllegalArgumentException.class, () -> Settings.load(file));
    }

    @Test
    void aMissingFileIsAnIoError() {
        assertThrows(IOException.class, () -> Settings.load(dir.resolve("absent")));
    }
}
