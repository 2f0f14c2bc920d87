package io.github.systemd4j.notify;

import io.github.systemd4j.socket.ChannelDescriptors;
import io.github.systemd4j.socket.DatagramSender;
import io.github.systemd4j.socket.HangupPipe;
import io.github.systemd4j.socket.SenderOptions;
import io.github.systemd4j.socket.UnixAddress;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.NetworkChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends notifications to the service manager over {@code $NOTIFY_SOCKET}: readiness, status, reload
 * and stop, errors, watchdog pings, timeout extensions, the file-descriptor store, and the barrier.
 *
 * <pre>{@code
 * SystemdNotifier systemd = SystemdNotifier.fromEnvironment();
 * startServer();
 * systemd.ready("Listening on :8080");
 * }</pre>
 *
 * <p><b>Not under systemd.</b> When {@code NOTIFY_SOCKET} is unset, the notifier is {@linkplain
 * #isEnabled() disabled}: every method validates its arguments and then does nothing, so the same
 * code runs in a terminal, in tests and under systemd.
 *
 * <p><b>Addresses.</b> An absolute path ({@code /run/systemd/notify}) or an abstract name ({@code
 * @name}, UTF-8, exact address length). {@code vsock:CID:PORT} (systemd 253+, for services in
 * virtual machines) is recognised but not supported: sends then fail with an {@link IOException}
 * saying so, as libsystemd fails with {@code -EINVAL} for addresses it cannot use.
 *
 * <p><b>Sending.</b> One datagram per call, on a socket connected once and reused; the kernel adds
 * the credentials the manager checks. A send blocks for at most one second if the manager's queue is
 * full. Explicit calls throw {@link IOException} with the cause; input the manager would silently
 * drop is refused before sending with an {@link IllegalArgumentException} (see {@link
 * NotifyMessage}). {@link Watchdog}, {@link TimeoutExtender} and {@link ReloadHandler} send from
 * their own threads and never throw into the application.
 *
 * <p><b>Who may send.</b> {@code NotifyAccess=main} (the default) accepts messages only from the
 * main process, which a JVM started by {@code ExecStart=} is. The JVM must stay the process systemd
 * started: a wrapper script needs {@code exec java …}.
 *
 * <p>Thread-safe.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html">sd_notify(3)</a>
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html">systemd.service(5)</a>
 */
public final class SystemdNotifier implements Closeable {
    private static final System.Logger LOG = System.getLogger(SystemdNotifier.class.getName());
    private static final byte[] BARRIER = "BARRIER=1".getBytes(StandardCharsets.US_ASCII);

    private final NotifyEnvironment environment;
    private final String socket;
    private final UnixAddress address;
    private final String unusable;
    private final Object senderLock = new Object();
    // READY=1 and the extenders' EXTEND_TIMEOUT_USEC= go out under readyLock, so that no extension
    // follows READY=1 on the socket.
    private final Object readyLock = new Object();
    private final Set<TimeoutExtender> extenders = ConcurrentHashMap.newKeySet();
    private final Set<Watchdog> watchdogs = ConcurrentHashMap.newKeySet();
    private boolean readySent; // guarded by readyLock
    private DatagramSender sender;
    private boolean closed;
    private volatile String lastStatus;
    private volatile Optional<Duration> watchdogTimeout;

    private SystemdNotifier(NotifyEnvironment environment) {
        this.environment = environment;
        this.socket = environment.notifySocket().orElse(null);
        UnixAddress parsed = null;
        String reason = null;
        if (socket != null && socket.startsWith("vsock")) {
            reason = NotifyEnvironment.NOTIFY_SOCKET + "=" + socket
                    + ": AF_VSOCK addresses (systemd 253+, services in virtual machines) are not supported by systemd4j";
        } else if (socket != null) {
            try {
                parsed = UnixAddress.parse(socket);
            } catch (IllegalArgumentException e) {
                reason = NotifyEnvironment.NOTIFY_SOCKET + " is not usable: " + e.getMessage();
            }
        }
        this.address = parsed;
        this.unusable = reason;
        this.watchdogTimeout = watchdogTimeoutOf(environment);
    }

    /**
     * The environment's watchdog timeout; a malformed {@code WATCHDOG_USEC} or {@code WATCHDOG_PID}
     * disables the watchdog only, as in libsystemd, where just {@code sd_watchdog_enabled()} fails:
     * readiness and status must still reach the manager. Reported once, here.
     */
    private static Optional<Duration> watchdogTimeoutOf(NotifyEnvironment environment) {
        try {
            return environment.watchdogTimeout();
        } catch (IllegalStateException e) {
            LOG.log(Level.WARNING, "watchdog disabled: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A notifier for this process's environment. A malformed {@code WATCHDOG_USEC} or {@code
     * WATCHDOG_PID} does not stop it from working: the watchdog counts as disabled (see {@link
     * #watchdogTimeout()}), and a warning saying why is logged once through {@link System.Logger}.
     *
     * @return the notifier, {@linkplain #isEnabled() disabled} when not started by systemd
     */
    public static SystemdNotifier fromEnvironment() {
        return fromEnvironment(NotifyEnvironment.current());
    }

    /**
     * A notifier for the given variables (for tests), checked against this process's id.
     *
     * @param variables such as {@code Map.of("NOTIFY_SOCKET", fake.address())}
     * @return the notifier; a malformed watchdog environment disables the watchdog, as in {@link
     *     #fromEnvironment()}
     */
    public static SystemdNotifier fromEnvironment(Map<String, String> variables) {
        return fromEnvironment(NotifyEnvironment.of(variables));
    }

    /**
     * A notifier for the given environment.
     *
     * @param environment the variables and the process id to check them against
     * @return the notifier; a malformed watchdog environment disables the watchdog, as in {@link
     *     #fromEnvironment()}
     */
    public static SystemdNotifier fromEnvironment(NotifyEnvironment environment) {
        return new SystemdNotifier(Objects.requireNonNull(environment, "environment"));
    }

    /**
     * Whether the service manager asked for notifications ({@code NOTIFY_SOCKET} is set).
     *
     * @return false when not started by systemd; then every method does nothing
     */
    public boolean isEnabled() {
        return socket != null;
    }

    /**
     * The notification socket.
     *
     * @return {@code $NOTIFY_SOCKET}, empty when disabled
     */
    public Optional<String> socket() {
        return Optional.ofNullable(socket);
    }

    /**
     * The environment this notifier was made from.
     *
     * @return the environment
     */
    public NotifyEnvironment environment() {
        return environment;
    }

    /**
     * The watchdog timeout in force: {@code WATCHDOG_USEC} if meant for this process, or the last
     * value sent with {@link #changeWatchdogTimeout(Duration)}.
     *
     * @return the timeout, empty when the unit has no {@code WatchdogSec=} for this process or when
     *     {@code WATCHDOG_USEC} or {@code WATCHDOG_PID} is malformed (until a timeout is sent)
     */
    public Optional<Duration> watchdogTimeout() {
        return watchdogTimeout;
    }

    /**
     * Sends {@code READY=1}. Once it is sent (by this method or in any message), every {@link
     * TimeoutExtender} running on this notifier stops: the start or reload it covered is over; and
     * a reload that a {@link ReloadHandler} on this notifier held back runs.
     *
     * @throws IOException if the datagram could not be sent; running extenders then go on
     */
    public void ready() throws IOException {
        send(NotifyMessage.create().ready());
    }

    /**
     * Sends {@code READY=1} and {@code STATUS=} in one datagram; stops running extenders as {@link
     * #ready()} does.
     *
     * @param status one line, see {@link NotifyMessage#status(String)}
     * @throws IOException if the datagram could not be sent
     */
    public void ready(String status) throws IOException {
        send(NotifyMessage.create().ready().status(status));
    }

    /**
     * Sends {@code RELOADING=1} with {@code MONOTONIC_USEC=}; follow it with {@link #ready()} when
     * the reload is done. {@link ReloadHandler} does both around a reload action.
     *
     * @throws IOException if the datagram could not be sent
     */
    public void reloading() throws IOException {
        send(NotifyMessage.create().reloading());
    }

    /**
     * Sends {@code STOPPING=1}.
     *
     * @throws IOException if the datagram could not be sent
     */
    public void stopping() throws IOException {
        send(NotifyMessage.create().stopping());
    }

    /**
     * Sends {@code STATUS=}.
     *
     * @param text one line, see {@link NotifyMessage#status(String)}
     * @throws IOException if the datagram could not be sent
     */
    public void status(String text) throws IOException {
        send(NotifyMessage.create().status(text));
    }

    /**
     * Sends {@code ERRNO=}.
     *
     * @param errno 0 to 4095
     * @throws IOException if the datagram could not be sent
     */
    public void errno(int errno) throws IOException {
        send(NotifyMessage.create().errno(errno));
    }

    /**
     * Sends {@code BUSERROR=}.
     *
     * @param name a D-Bus error name
     * @throws IOException if the datagram could not be sent
     */
    public void busError(String name) throws IOException {
        send(NotifyMessage.create().busError(name));
    }

    /**
     * Sends {@code EXIT_STATUS=}.
     *
     * @param status 0 to 255
     * @throws IOException if the datagram could not be sent
     */
    public void exitStatus(int status) throws IOException {
        send(NotifyMessage.create().exitStatus(status));
    }

    /**
     * Sends {@code MAINPID=}.
     *
     * @param pid the new main process
     * @throws IOException if the datagram could not be sent
     */
    public void mainPid(long pid) throws IOException {
        send(NotifyMessage.create().mainPid(pid));
    }

    /**
     * Sends one watchdog ping, {@code WATCHDOG=1}. {@link Watchdog} sends them for you, gated by
     * health checks.
     *
     * @throws IOException if the datagram could not be sent
     */
    public void watchdogPing() throws IOException {
        send(NotifyMessage.create().watchdogPing());
    }

    /**
     * Sends {@code WATCHDOG=trigger}: the manager acts now as if the watchdog had timed out.
     *
     * @throws IOException if the datagram could not be sent
     */
    public void watchdogTrigger() throws IOException {
        send(NotifyMessage.create().watchdogTrigger());
    }

    /**
     * Sends {@code WATCHDOG_USEC=}. systemd counts the new timeout from the moment it arrives; a
     * running {@link Watchdog} is woken, checks and pings at once, and keeps to the new interval.
     *
     * @param timeout the new timeout
     * @throws IOException if the datagram could not be sent
     */
    public void changeWatchdogTimeout(Duration timeout) throws IOException {
        send(NotifyMessage.create().watchdogTimeout(timeout));
    }

    /**
     * Sends {@code EXTEND_TIMEOUT_USEC=} once; {@link TimeoutExtender} repeats it.
     *
     * @param extension how long from now the running timeout is extended to at least
     * @throws IOException if the datagram could not be sent
     */
    public void extendTimeout(Duration extension) throws IOException {
        send(NotifyMessage.create().extendTimeout(extension));
    }

    /**
     * Sends {@code NOTIFYACCESS=} (systemd 254+).
     *
     * @param access who may notify from now on
     * @throws IOException if the datagram could not be sent
     */
    public void notifyAccess(NotifyAccess access) throws IOException {
        send(NotifyMessage.create().notifyAccess(access));
    }

    /**
     * Stores descriptors in the service's fd store under a name ({@code FDSTORE=1}, {@code FDNAME=}).
     *
     * @param name the name they come back with through {@link SocketActivation}
     * @param fds the descriptors; they stay owned by the caller
     * @throws IOException if the datagram could not be sent
     */
    public void fdStore(String name, FileDescriptor... fds) throws IOException {
        send(NotifyMessage.create().fdStore(name, fds));
    }

    /**
     * Stores a socket channel's descriptor in the service's fd store, for example a listening
     * socket that should survive a restart. The descriptor is found as described in {@link
     * ChannelDescriptors}.
     *
     * @param name the name it comes back with through {@link SocketActivation}
     * @param channel an open, bound channel; it stays owned by the caller
     * @throws IOException if the descriptor cannot be found or the datagram could not be sent
     */
    public void fdStore(String name, NetworkChannel channel) throws IOException {
        fdStore(name, channel, true);
    }

    /**
     * Stores descriptors like {@link #fdStore(String, FileDescriptor...)}, with {@code FDPOLL=0}
     * (systemd 246+): the manager does not watch them and keeps them on hangup or error. By default
     * it polls stored descriptors and drops one that reports {@code EPOLLHUP} or {@code EPOLLERR},
     * such as a connection whose peer has gone or a pipe whose other end is closed; use this for
     * descriptors that must come back even then, and remove them with {@link
     * #fdStoreRemove(String)} when they are no longer needed, since nothing else will.
     *
     * @param name the name they come back with through {@link SocketActivation}
     * @param fds the descriptors; they stay owned by the caller
     * @throws IOException if the datagram could not be sent
     */
    public void fdStoreWithoutPolling(String name, FileDescriptor... fds) throws IOException {
        send(NotifyMessage.create().fdStore(name, fds).fdPollDisabled());
    }

    /**
     * Stores a socket channel's descriptor like {@link #fdStore(String, NetworkChannel)}, with {@code
     * FDPOLL=0}; see {@link #fdStoreWithoutPolling(String, FileDescriptor...)}.
     *
     * @param name the name it comes back with through {@link SocketActivation}
     * @param channel an open channel; it stays owned by the caller
     * @throws IOException if the descriptor cannot be found or the datagram could not be sent
     */
    public void fdStoreWithoutPolling(String name, NetworkChannel channel) throws IOException {
        fdStore(name, channel, false);
    }

    private void fdStore(String name, NetworkChannel channel, boolean poll) throws IOException {
        NotifyMessage.checkFdName(name); // bad input fails even when disabled
        if (isEnabled()) {
            NotifyMessage store = NotifyMessage.create().fdStore(name, ChannelDescriptors.of(channel));
            send(poll ? store : store.fdPollDisabled());
        }
    }

    /**
     * Removes the stored descriptors of a name ({@code FDSTOREREMOVE=1}, {@code FDNAME=}).
     *
     * @param name the name
     * @throws IOException if the datagram could not be sent
     */
    public void fdStoreRemove(String name) throws IOException {
        send(NotifyMessage.create().fdStoreRemove(name));
    }

    /**
     * Sends raw assignments in one datagram.
     *
     * @param assignments such as {@code "READY=1"}, {@code "STATUS=Serving"}
     * @throws IOException if the datagram could not be sent
     * @throws IllegalArgumentException if an assignment breaks a rule of {@link NotifyMessage}
     */
    public void send(String... assignments) throws IOException {
        send(NotifyMessage.of(assignments));
    }

    /**
     * Sends a message as one datagram, with its descriptors if any.
     *
     * @param message the assignments
     * @throws IOException if the datagram could not be sent
     * @throws IllegalArgumentException if the message is empty (the manager ignores empty datagrams)
     */
    public void send(NotifyMessage message) throws IOException {
        send(message, true);
    }

    /**
     * Sends a message; {@code fromApplication} is false for the watchdog's own status lines, which
     * must not replace the status the application set.
     */
    void send(NotifyMessage message, boolean fromApplication) throws IOException {
        if (message.isEmpty()) {
            throw new IllegalArgumentException("empty notification: the service manager ignores empty datagrams");
        }
        if (!isEnabled()) {
            return;
        }
        if (message.assignments().contains("READY=1")) {
            synchronized (readyLock) {
                transmit(message, fromApplication);
                for (TimeoutExtender extender : extenders) {
                    extender.stopExtending();
                }
                extenders.clear();
                readySent = true;
                readyLock.notifyAll();
            }
        } else {
            transmit(message, fromApplication);
        }
    }

    private void transmit(NotifyMessage message, boolean fromApplication) throws IOException {
        ByteBuffer payload = ByteBuffer.wrap(message.toBytes());
        List<FileDescriptor> fds = message.fileDescriptors();
        DatagramSender s = sender();
        if (fds.isEmpty()) {
            s.send(payload);
        } else {
            s.sendWithFileDescriptors(payload, fds.toArray(new FileDescriptor[0]));
        }
        for (String assignment : message.assignments()) {
            if (fromApplication && assignment.startsWith("STATUS=")) {
                lastStatus = assignment.substring(7);
            } else if (assignment.startsWith("WATCHDOG_USEC=")) {
                watchdogTimeout = Optional.of(Duration.of(Long.parseLong(assignment.substring(14)), ChronoUnit.MICROS));
                for (Watchdog watchdog : watchdogs) {
                    watchdog.timeoutChanged();
                }
            }
        }
    }

    /** Registers a running watchdog, to be woken when a new timeout is sent. */
    void addWatchdog(Watchdog watchdog) {
        watchdogs.add(watchdog);
    }

    void removeWatchdog(Watchdog watchdog) {
        watchdogs.remove(watchdog);
    }

    /** Whether {@code READY=1} went out through this notifier (always false when disabled). */
    boolean readySent() {
        synchronized (readyLock) {
            return readySent;
        }
    }

    /** Waits until {@code READY=1} went out through this notifier. */
    void awaitReadySent() throws InterruptedException {
        synchronized (readyLock) {
            while (!readySent) {
                readyLock.wait();
            }
        }
    }

    /** Registers a running extender, to be stopped when {@code READY=1} is sent. */
    void addExtender(TimeoutExtender extender) {
        extenders.add(extender);
    }

    void removeExtender(TimeoutExtender extender) {
        extenders.remove(extender);
    }

    /**
     * Sends {@code EXTEND_TIMEOUT_USEC=} for a registered extender.
     *
     * @return false, without sending, if {@code READY=1} went out since the extender was registered
     */
    boolean extendTimeout(TimeoutExtender extender, Duration extension) throws IOException {
        synchronized (readyLock) {
            if (!extenders.contains(extender)) {
                return false;
            }
            extendTimeout(extension);
            return true;
        }
    }

    /**
     * Waits until the service manager has processed every notification sent before, like {@code
     * sd_notify_barrier(3)} (systemd 246+): sends {@code BARRIER=1} with the write end of a pipe and
     * waits until the manager closes it. Use it before exiting right after a notification, which the
     * manager could otherwise no longer attribute to this service.
     *
     * @param timeout how long to wait
     * @throws SocketTimeoutException if the manager did not confirm in time
     * @throws IOException if the datagram could not be sent
     */
    public void barrier(Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        if (!isEnabled()) {
            return;
        }
        try (HangupPipe pipe = HangupPipe.open()) {
            sender().sendWithFileDescriptors(ByteBuffer.wrap(BARRIER), pipe.writeEnd());
            pipe.closeWriteEnd();
            if (!pipe.awaitHangup(timeout)) {
                throw new SocketTimeoutException(
                        "the service manager did not process BARRIER=1 within " + timeout + " (" + socket + ")");
            }
        }
    }

    /** The last {@code STATUS=} the application sent, for the watchdog to restore after recovery. */
    Optional<String> lastStatus() {
        return Optional.ofNullable(lastStatus);
    }

    private DatagramSender sender() throws IOException {
        synchronized (senderLock) {
            if (unusable != null) {
                throw new IOException(unusable);
            }
            if (closed) {
                throw new IOException("notifier for " + socket + " is closed");
            }
            if (sender == null) {
                sender = DatagramSender.open(address, SenderOptions.defaults());
            }
            return sender;
        }
    }

    /** Closes the socket; later sends fail. Idempotent. */
    @Override
    public void close() {
        synchronized (senderLock) {
            closed = true;
            if (sender != null) {
                sender.close();
                sender = null;
            }
        }
    }

    @Override
    public String toString() {
        return "SystemdNotifier[" + (socket == null ? "disabled: NOTIFY_SOCKET unset" : socket) + "]";
    }
}
