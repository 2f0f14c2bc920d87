package io.github.systemd4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same proof as {@link CollectorCheckIT} under systemd 257: the entry goes to the journald of a
 * Debian trixie container, and that container's journalctl prints it.
 */
@ExtendWith(RealSystemdExtension.class)
@WithSystemdImage("trixie")
class CollectorCheckTrixieIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void predictionsEqualWhatJournalctl257PrintsWithoutAll(RealSystemd systemd, @TempDir Path dir) throws Exception {
        assertEquals(257, systemd.version());
        CollectorCheckIT.verify(
                dir,
                systemd.hostPath("/run/systemd/journal/socket").toString(),
                id -> systemd.awaitJournal(r -> true, 1, WAIT, "TEST_ID=" + id).get(0),
                match -> {
                    RealSystemd.CommandResult printed =
                            systemd.exec("journalctl", "--output=json", "--no-pager", match);
                    assertEquals(0, printed.exitCode(), printed.output());
                    return printed.output().getBytes(StandardCharsets.UTF_8);
                });
    }
}
