package io.github.systemd4j.testkit;

import java.io.FileDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One datagram that reached a {@link FakeNotifySocket}: its bytes, its assignments as the service
 * manager splits them, and the descriptors that came with it (open until the fake is cleared or
 * closed).
 */
public final class NotifyDatagram {
    private final byte[] payload;
    private final List<FileDescriptor> fileDescriptors;
    private final List<String> assignments;

    NotifyDatagram(byte[] payload, List<FileDescriptor> fileDescriptors) {
        this.payload = payload.clone();
        this.fileDescriptors = List.copyOf(fileDescriptors);
        List<String> lines = new ArrayList<>();
        String text = text();
        if (text.endsWith("\0")) {
            text = text.substring(0, text.length() - 1); // the manager tolerates one terminating NUL
        }
        for (String line : text.split("[\n\r]")) {
            if (!line.isEmpty()) { // the manager drops empty lines
                lines.add(line);
            }
        }
        this.assignments = List.copyOf(lines);
    }

    /**
     * The exact bytes received.
     *
     * @return a copy
     */
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * The payload decoded as UTF-8 (malformed bytes become U+FFFD).
     *
     * @return the text
     */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * The assignments, split on line feeds and carriage returns with empty lines dropped, as the
     * service manager splits them.
     *
     * @return such as {@code [READY=1, STATUS=Serving]}
     */
    public List<String> assignments() {
        return assignments;
    }

    /**
     * The value of the first assignment of a key, which is the one the service manager uses.
     *
     * @param key such as {@code STATUS}
     * @return the value, empty if the key is absent
     */
    public Optional<String> get(String key) {
        String prefix = key + "=";
        for (String assignment : assignments) {
            if (assignment.startsWith(prefix)) {
                return Optional.of(assignment.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether an exact assignment is present.
     *
     * @param assignment such as {@code READY=1}
     * @return true if one line equals it
     */
    public boolean has(String assignment) {
        return assignments.contains(assignment);
    }

    /**
     * The descriptors received with the datagram ({@code SCM_RIGHTS}).
     *
     * @return the descriptors, in order; a barrier's descriptor is already closed unless the fake
     *     holds barriers
     */
    public List<FileDescriptor> fileDescriptors() {
        return fileDescriptors;
    }

    @Override
    public String toString() {
        return "NotifyDatagram["
                + text().replace("\n", "\\n").replace("\r", "\\r").replace("\0", "\\0")
                + (fileDescriptors.isEmpty() ? "" : ", " + fileDescriptors.size() + " fds") + "]";
    }
}
