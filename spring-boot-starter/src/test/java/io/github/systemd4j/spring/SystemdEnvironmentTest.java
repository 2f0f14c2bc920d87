package io.github.systemd4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the starter tells that it runs under systemd and that standard output is the journal. */
class SystemdEnvironmentTest {
    @TempDir
    Path dir;

    private String idOf(Path file) throws Exception {
        return Files.getAttribute(file, "unix:dev") + ":" + Files.getAttribute(file, "unix:ino");
    }

    @Test
    void journalStreamMustNameTheDescriptorItself() throws Exception {
        Path stream = Files.createFile(dir.resolve("stream"));
        Path other = Files.createFile(dir.resolve("other"));
        Map<String, String> env = Map.of("JOURNAL_STREAM", idOf(stream));
        assertThat(new SystemdEnvironment(env, stream, other).isConsoleJournal())
                .isTrue();
        assertThat(new SystemdEnvironment(env, other, stream).isConsoleJournal())
                .isTrue();
        // Inherited by a process whose output was redirected: not the journal.
        assertThat(new SystemdEnvironment(env, other, other).isConsoleJournal()).isFalse();
        assertThat(new SystemdEnvironment(env, other, other).isService()).isFalse();
        assertThat(new SystemdEnvironment(env, stream, other).isService()).isTrue();
    }

    @Test
    void invocationIdMeansAService() {
        Path none = dir.resolve("missing");
        assertThat(new SystemdEnvironment(Map.of("INVOCATION_ID", "ab"), none, none).isService())
                .isTrue();
        assertThat(new SystemdEnvironment(Map.of(), none, none).isService()).isFalse();
    }

    @Test
    void malformedJournalStreamIsNotTheJournal() throws Exception {
        Path stream = Files.createFile(dir.resolve("stream"));
        for (String value : new String[] {"", ":", "12", "a:b", ":5"}) {
            assertThat(new SystemdEnvironment(Map.of("JOURNAL_STREAM", value), stream, stream).isConsoleJournal())
                    .as(value)
                    .isFalse();
        }
    }
}
