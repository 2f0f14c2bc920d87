package io.github.systemd4j.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The real {@code systemd-journald}, running as a private journal namespace for the duration of a
 * test, without systemd as PID 1.
 *
 * <p>{@link #start()} gives it a configuration of its own (volatile storage, rate limiting and all
 * forwarding off, 1 GiB files) and a network namespace of its own with {@code
 * net.unix.max_dgram_qlen=512} (systemd's value; the kernel default of 10 would make senders block),
 * waits for its socket, and keeps a stream connection open (a namespace journald exits after about 30
 * s without clients). Send to {@link #socketPath()}; read entries back with {@link
 * #read(String...)}, which runs {@code journalctl --namespace=NAME -o json --all}. {@link #close()}
 * stops it and removes its sockets, configuration and journal.
 *
 * <p>Where it runs is the {@link Backend}'s ({@value Backend#PROPERTY}): on {@link Backend#NSPAWN}
 * this host's journald, with its configuration in {@code /etc/systemd/journald@NAME.conf} and its
 * socket {@code /run/systemd/journal.NAME/socket}, which needs Linux, root, and the {@code
 * systemd-journald}, {@code journalctl} and {@code unshare} binaries. On {@link Backend#DOCKER} the
 * journald of {@link SystemdImage#configured()} (trixie's for the host's, so systemd 257) in a Docker
 * container that shares this host's process and cgroup namespaces, so it sees senders as this host's
 * journald would ({@code _PID}, {@code _SYSTEMD_UNIT}, this host's machine id and host name), with
 * its socket in a temporary directory here; it needs no root, only a Docker daemon on this machine's
 * kernel. {@link Backend#AUTO} takes the first that this machine can run. {@link #start()} throws
 * {@link JournaldUnavailableException} naming what is missing. Use {@link RealJournaldExtension} to
 * get one per test class in JUnit 5.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd-journald.service.html#Journal%20Namespaces">Journal namespaces</a>
 */
public final class RealJournald implements AutoCloseable {
    private final JournaldProcess journald;

    private RealJournald(JournaldProcess journald) {
        this.journald = journald;
    }

    /**
     * Starts a journald in a fresh namespace named {@code s4j} followed by random hex digits, on the
     * backend {@value Backend#PROPERTY} names ({@link Backend#AUTO} if none).
     *
     * @return the running journald
     * @throws JournaldUnavailableException if this machine cannot run one (not root and no Docker, no
     *     binaries)
     * @throws IOException if it was started but did not come up
     */
    public static RealJournald start() throws IOException {
        return start(Backend.configured());
    }

    /**
     * Starts a journald in a fresh namespace on a given backend.
     *
     * @param backend where it runs
     * @return the running journald
     * @throws JournaldUnavailableException if this machine cannot run one there
     * @throws IOException if it was started but did not come up
     */
    public static RealJournald start(Backend backend) throws IOException {
        String namespace = "s4j" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        switch (chosen(backend)) {
            case NSPAWN:
                return new RealJournald(NamespaceJournald.start(namespace, false));
            case DOCKER:
                return new RealJournald(DockerJournald.start(namespace));
            default:
                throw new JournaldUnavailableException(missing(backend).orElse("no backend"));
        }
    }

    /**
     * Starts this host's journald in a namespace of a given name, which must not be in use.
     *
     * @param namespace the name, as in {@code journalctl --namespace=NAME}
     * @param ownSession whether journald runs in a session of its own, so that a terminal's Ctrl-C
     *     reaches only the JVM (which then stops it) and not journald too; tests keep it in theirs, so
     *     that it dies with an interrupted build
     * @return the running journald
     * @throws JournaldUnavailableException if this machine cannot run one (not root, no binaries)
     * @throws IOException if it was started but did not come up
     */
    static RealJournald start(String namespace, boolean ownSession) throws IOException {
        return new RealJournald(NamespaceJournald.start(namespace, ownSession));
    }

    /**
     * What this machine lacks to run a journald on {@code backend}, every missing piece at once;
     * empty if nothing. For {@link Backend#AUTO}, what both lack. Starts nothing: {@link
     * RealJournaldExtension} asks before a test runs whether to skip it.
     */
    static Optional<String> missing(Backend backend) {
        switch (backend) {
            case NSPAWN:
                return NamespaceJournald.missing();
            case DOCKER:
                return DockerJournald.missing();
            default:
                Optional<String> host = NamespaceJournald.missing();
                if (host.isEmpty()) {
                    return host;
                }
                Optional<String> docker = DockerJournald.missing();
                return docker.isEmpty()
                        ? docker
                        : Optional.of("nspawn backend: " + host.get() + "; Docker backend: " + docker.get());
        }
    }

    private static Backend chosen(Backend backend) {
        if (backend != Backend.AUTO) {
            return backend;
        }
        if (NamespaceJournald.missing().isEmpty()) {
            return Backend.NSPAWN;
        }
        return DockerJournald.missing().isEmpty() ? Backend.DOCKER : Backend.AUTO;
    }

    /**
     * The backend it runs on.
     *
     * @return {@link Backend#NSPAWN} or {@link Backend#DOCKER}
     */
    public Backend backend() {
        return journald.backend();
    }

    /**
     * The journal namespace name, as in {@code journalctl --namespace=NAME}.
     *
     * @return the name
     */
    public String namespace() {
        return journald.namespace();
    }

    /**
     * The native-protocol socket to send entries to.
     *
     * @return {@code /run/systemd/journal.NAME/socket} on {@link Backend#NSPAWN}, a path in a
     *     temporary directory on {@link Backend#DOCKER}
     */
    public String socketPath() {
        return journald.socketPath();
    }

    /**
     * The PID of the journald process, on this host.
     *
     * @return the pid, or -1 if it is not running
     */
    public long pid() {
        return journald.pid();
    }

    /**
     * Kills journald with SIGKILL, as a crash would. Its socket file stays behind, so senders get
     * {@code ECONNREFUSED} until {@link #restart()}.
     */
    public void kill() {
        journald.kill();
    }

    /**
     * Starts journald again in the same namespace (after {@link #kill()}, or while running). Entries
     * stored so far are kept.
     *
     * @throws IOException if it did not come up
     */
    public void restart() throws IOException {
        journald.restart();
    }

    /**
     * Reads entries with {@code journalctl --namespace=NAME -o json --all}, filtered by matches.
     * Binary values come back byte-exact.
     *
     * @param matches journalctl matches such as {@code "TEST_ID=42"} or {@code "-u", "app"}
     * @return the entries, oldest first
     */
    public List<JournalRecord> read(String... matches) {
        return journald.read(matches);
    }

    /**
     * Polls {@link #read(String...)} until at least {@code count} entries match (journald stores
     * asynchronously).
     *
     * @param count how many entries to wait for
     * @param timeout how long to wait
     * @param matches journalctl matches
     * @return the matching entries
     * @throws AssertionError if fewer arrived in time
     */
    public List<JournalRecord> await(int count, Duration timeout, String... matches) {
        return await(r -> true, count, timeout, matches);
    }

    /**
     * Polls until at least {@code count} entries match both the journalctl matches and a filter.
     *
     * @param filter which entries count
     * @param count how many entries to wait for
     * @param timeout how long to wait
     * @param matches journalctl matches
     * @return the entries matching both
     * @throws AssertionError if fewer arrived in time
     */
    public List<JournalRecord> await(Predicate<JournalRecord> filter, int count, Duration timeout, String... matches) {
        List<JournalRecord> found = Journalctl.await(() -> read(matches), filter, count, timeout);
        if (found.size() < count) {
            throw new AssertionError("expected " + count + " journal entries matching " + List.of(matches)
                    + " in namespace " + namespace() + ", found " + found.size() + " within " + timeout);
        }
        return found;
    }

    /**
     * What journald printed about itself (its own diagnostics go to stderr here).
     *
     * @return the log so far
     */
    public String log() {
        return journald.log();
    }

    /** Stops journald and removes its configuration, sockets and journal files. Idempotent. */
    @Override
    public void close() {
        journald.close();
    }

    @Override
    public String toString() {
        return "RealJournald[" + journald + "]";
    }
}
