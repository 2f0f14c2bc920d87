package io.github.systemd4j.notify;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The environment variables through which systemd talks to a service, and the process id they are
 * checked against. Tests inject their own with {@link #of(Map, long)}; services use {@link
 * #current()}.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>Variable</th><th>Set by systemd for</th></tr>
 *   <tr><td>{@code NOTIFY_SOCKET}</td><td>{@code Type=notify}, {@code NotifyAccess=}, {@code
 *       WatchdogSec=}: where to send notifications</td></tr>
 *   <tr><td>{@code WATCHDOG_USEC}, {@code WATCHDOG_PID}</td><td>{@code WatchdogSec=}: the timeout,
 *       and which process must ping</td></tr>
 *   <tr><td>{@code LISTEN_FDS}, {@code LISTEN_FDNAMES}, {@code LISTEN_PID}</td><td>socket activation
 *       and the fd store: passed descriptors</td></tr>
 * </table>
 *
 * <p>Java cannot remove variables from its own environment, so a child process started with {@link
 * ProcessBuilder} inherits them; {@link #removeFrom(Map)} strips them from a child's environment.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html">sd_notify(3)</a>
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/sd_watchdog_enabled.html">sd_watchdog_enabled(3)</a>
 */
public final class NotifyEnvironment {
    /** Where notifications go: an absolute path, {@code @abstract-name} or {@code vsock:CID:PORT}. */
    public static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";
    /** The watchdog timeout in microseconds. */
    public static final String WATCHDOG_USEC = "WATCHDOG_USEC";
    /** The process that must ping the watchdog. */
    public static final String WATCHDOG_PID = "WATCHDOG_PID";
    /** The number of passed descriptors, starting at 3. */
    public static final String LISTEN_FDS = "LISTEN_FDS";
    /** Colon-separated names of the passed descriptors. */
    public static final String LISTEN_FDNAMES = "LISTEN_FDNAMES";
    /** The process the passed descriptors are meant for. */
    public static final String LISTEN_PID = "LISTEN_PID";

    private static final List<String> ALL =
            List.of(NOTIFY_SOCKET, WATCHDOG_USEC, WATCHDOG_PID, LISTEN_FDS, LISTEN_FDNAMES, LISTEN_PID);

    private final Map<String, String> variables;
    private final long pid;

    private NotifyEnvironment(Map<String, String> variables, long pid) {
        this.variables = Map.copyOf(variables);
        this.pid = pid;
    }

    /**
     * The real environment of this process.
     *
     * @return the environment, with this process's id
     */
    public static NotifyEnvironment current() {
        return new NotifyEnvironment(System.getenv(), ProcessHandle.current().pid());
    }

    /**
     * A given environment, checked against this process's id.
     *
     * @param variables the variables, for example from a test
     * @return the environment
     */
    public static NotifyEnvironment of(Map<String, String> variables) {
        return of(variables, ProcessHandle.current().pid());
    }

    /**
     * A given environment and process id, for tests of {@code WATCHDOG_PID} and {@code LISTEN_PID}.
     *
     * @param variables the variables
     * @param pid the process id to compare {@code WATCHDOG_PID} and {@code LISTEN_PID} with
     * @return the environment
     */
    public static NotifyEnvironment of(Map<String, String> variables, long pid) {
        Objects.requireNonNull(variables, "variables");
        return new NotifyEnvironment(variables, pid);
    }

    /**
     * Removes the variables meant for this process from a child process's environment, so that a
     * child neither notifies on this service's behalf nor looks for descriptors it did not inherit.
     *
     * @param childEnvironment for example {@link ProcessBuilder#environment()}
     */
    public static void removeFrom(Map<String, String> childEnvironment) {
        childEnvironment.keySet().removeAll(ALL);
    }

    /**
     * The process id the variables are checked against.
     *
     * @return the pid
     */
    public long pid() {
        return pid;
    }

    /**
     * One variable.
     *
     * @param name the variable name
     * @return its value, empty if unset
     */
    public Optional<String> get(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    /**
     * The notification socket.
     *
     * @return {@code $NOTIFY_SOCKET}, empty if unset or empty (not started by systemd)
     */
    public Optional<String> notifySocket() {
        return get(NOTIFY_SOCKET).filter(s -> !s.isEmpty());
    }

    /**
     * The watchdog timeout meant for this process, with the rules of {@code sd_watchdog_enabled(3)}.
     *
     * @return the timeout; empty if {@code WATCHDOG_USEC} is unset, or {@code WATCHDOG_PID} names
     *     another process (the variables were inherited from a parent)
     * @throws IllegalStateException if {@code WATCHDOG_USEC} is not a number between 1 and 2^64-2, or
     *     {@code WATCHDOG_PID} is set but not a process id ({@code sd_watchdog_enabled()} fails with
     *     {@code -EINVAL}); {@link SystemdNotifier} then treats the watchdog as disabled
     */
    public Optional<Duration> watchdogTimeout() {
        String usec = variables.get(WATCHDOG_USEC);
        if (usec == null) {
            return Optional.empty();
        }
        long micros = parseUnsigned(WATCHDOG_USEC, usec);
        if (micros == 0 || micros == -1L) { // 0 and UINT64_MAX (infinity) are invalid
            throw new IllegalStateException(WATCHDOG_USEC + " must be between 1 and 2^64-2: " + usec);
        }
        String watchdogPid = variables.get(WATCHDOG_PID);
        if (watchdogPid != null && parsePid(WATCHDOG_PID, watchdogPid) != pid) {
            return Optional.empty();
        }
        // Durations hold up to 2^63 seconds; beyond 2^63 microseconds is "never" in practice.
        return Optional.of(micros < 0 ? ChronoUnit.FOREVER.getDuration() : Duration.of(micros, ChronoUnit.MICROS));
    }

    static long parseUnsigned(String name, String value) {
        if (!NotifyMessage.isDecimal(value)) {
            throw new IllegalStateException(name + " is not a decimal number: " + value);
        }
        try {
            return Long.parseUnsignedLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " is out of range: " + value, e);
        }
    }

    static long parsePid(String name, String value) {
        long parsed = parseUnsigned(name, value);
        if (parsed <= 0 || parsed > Integer.MAX_VALUE) {
            throw new IllegalStateException(name + " is not a process id: " + value);
        }
        return parsed;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("NotifyEnvironment[pid=").append(pid);
        for (String name : ALL) {
            String value = variables.get(name);
            if (value != null) {
                out.append(", ").append(name).append('=').append(value);
            }
        }
        return out.append(']').toString();
    }
}
