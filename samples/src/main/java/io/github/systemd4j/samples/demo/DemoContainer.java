package io.github.systemd4j.samples.demo;

import io.github.systemd4j.testkit.RealSystemd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What both systemd demos do in the container besides systemctl: run a command that must succeed,
 * read the journal as a user would, and copy the samples' files in.
 */
final class DemoContainer {
    private final Path samples;
    private final RealSystemd systemd;

    DemoContainer(Path samples, RealSystemd systemd) {
        this.samples = samples;
        this.systemd = systemd;
    }

    /** {@code journalctl --no-pager --no-hostname ARGS}, its output. */
    String journal(String... args) {
        List<String> command = new ArrayList<>(List.of("journalctl", "--no-pager", "--no-hostname"));
        command.addAll(List.of(args));
        return exec(command.toArray(new String[0]));
    }

    /**
     * Runs a command in the container.
     *
     * @return its output
     * @throws IllegalStateException if it exits with another status than 0
     */
    String exec(String... command) {
        RealSystemd.CommandResult result = systemd.exec(command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + result);
        }
        return result.output();
    }

    /** A file of the samples module, such as {@code systemd/app.service}. */
    String read(String relative) throws IOException {
        return Files.readString(samples.resolve(relative));
    }

    /** Writes a file into the container, making its directories. */
    void write(String containerPath, String contents) throws IOException {
        Path file = systemd.hostPath(containerPath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, contents);
    }
}
