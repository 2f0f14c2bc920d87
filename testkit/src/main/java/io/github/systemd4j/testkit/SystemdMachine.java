package io.github.systemd4j.testkit;

import io.github.systemd4j.testkit.RealSystemd.CommandResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The machine under {@link RealSystemd}: a container whose PID 1 is an image's systemd. {@link
 * NspawnContainer} boots it with {@code systemd-nspawn} on this host, {@link DockerContainer} in a
 * Docker container; what is done with it (units, {@code systemctl}, the journal) is {@link
 * RealSystemd}'s and the same on both.
 */
interface SystemdMachine extends AutoCloseable {
    /** The container's name, also its host name, such as {@code s4j-0123456789ab}. */
    String name();

    /** The image it booted. */
    SystemdImage image();

    /** The backend that runs it. */
    Backend backend();

    /** The host's process id of the container's PID 1; -1 before it appeared. */
    long leaderPid();

    /** The host directory that is {@code /etc/systemd/system} inside. */
    Path unitDirectory();

    /** The copy of the test class path, as seen inside. */
    String classPath();

    /**
     * A path inside, as this host sees it.
     *
     * @throws UnsupportedOperationException where the host cannot see into the container
     */
    Path hostPath(String containerPath);

    /** Writes a file inside (its directory must exist), readable by every user there. */
    void writeFile(String containerPath, byte[] contents) throws IOException;

    /** Runs a command inside and waits up to a minute; see {@link RealSystemd#exec}. */
    CommandResult exec(String... command);

    /** Runs {@code journalctl -o json --all} inside with these arguments. */
    List<JournalRecord> journal(String... matches);

    /** Halts the container and removes what it left. Idempotent. */
    @Override
    void close();

    /**
     * A random machine id, 32 hex digits: a fixed one per container spares systemd its first-boot
     * setup.
     */
    static String randomMachineId() {
        StringBuilder hex = new StringBuilder(32);
        while (hex.length() < 32) {
            hex.append(Integer.toHexString(ThreadLocalRandom.current().nextInt(16)));
        }
        return hex.toString();
    }
}
