package io.github.systemd4j.notify;

import java.io.FileDescriptor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One notification datagram: assignments such as {@code READY=1} and {@code STATUS=…}, and the file
 * descriptors that travel with them. Immutable; every method returns a new message.
 *
 * <pre>{@code
 * notifier.send(NotifyMessage.create().ready().status("Listening on :8080"));
 * }</pre>
 *
 * <p><b>Validation.</b> The service manager silently ignores a whole datagram that breaks one of its
 * rules, so every rule is checked here, when the assignment is added, with an {@link
 * IllegalArgumentException} that says what is wrong; nothing is sent half-broken:
 *
 * <ul>
 *   <li>The datagram is at most {@value #MAX_BYTES} bytes of UTF-8 ({@code NOTIFY_BUFFER_MAX};
 *       larger ones are dropped).
 *   <li>Values are valid Unicode (no lone surrogates) without line feed, carriage return or NUL (the
 *       manager splits on both line breaks, so a newline in a status would start a new assignment).
 *   <li>Each key appears once: the manager uses only the first occurrence.
 *   <li>Flags have their exact values ({@code READY=1}, not {@code READY=true}); numbers are decimal;
 *       {@code FDNAME} is printable ASCII without {@code :}, at most 255 characters.
 *   <li>{@code BARRIER=1} is never part of a message (it must travel alone, see {@link
 *       SystemdNotifier#barrier(Duration)}); {@code FDSTORE=1} only with descriptors, through {@link
 *       #fdStore(String, FileDescriptor...)}.
 * </ul>
 *
 * <p>Unknown keys are allowed (systemd ignores them; {@code X_} is the convention for private ones),
 * but must look like keys: upper-case ASCII letters, digits and {@code _}.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html">sd_notify(3)</a>
 */
public final class NotifyMessage {
    /** The largest datagram the service manager accepts ({@code NOTIFY_BUFFER_MAX}). */
    public static final int MAX_BYTES = 4096;

    /**
     * The longest {@code STATUS=} text, in bytes of UTF-8: what is left of {@value #MAX_BYTES} after
     * {@code STATUS=} when the status travels alone.
     */
    public static final int MAX_STATUS_BYTES = MAX_BYTES - 7; // "STATUS=" is 7 bytes

    /** Bytes of a STATUS= text this library generates (watchdog, reload), leaving room beside it. */
    static final int STATUS_BUDGET = 1024;

    /** The longest {@code FDNAME} ({@code FDNAME_MAX}). */
    public static final int MAX_FD_NAME = 255;

    private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern DBUS_ERROR_NAME =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+");
    private static final Map<String, Set<String>> EXACT_VALUES = Map.of(
            "READY", Set.of("1"),
            "RELOADING", Set.of("1"),
            "STOPPING", Set.of("1"),
            "FDSTOREREMOVE", Set.of("1"),
            "FDPOLL", Set.of("0"),
            "WATCHDOG", Set.of("1", "trigger"),
            "NOTIFYACCESS", Set.of("none", "main", "exec", "all"));
    private static final Set<String> DECIMAL_KEYS =
            Set.of("ERRNO", "EXIT_STATUS", "MAINPID", "WATCHDOG_USEC", "EXTEND_TIMEOUT_USEC", "MONOTONIC_USEC");

    private static final NotifyMessage EMPTY = new NotifyMessage(List.of(), List.of(), 0);

    private final List<String> assignments;
    private final List<FileDescriptor> fileDescriptors;
    private final int size;

    private NotifyMessage(List<String> assignments, List<FileDescriptor> fileDescriptors, int size) {
        this.assignments = assignments;
        this.fileDescriptors = fileDescriptors;
        this.size = size;
    }

    /**
     * A message without assignments, to add to.
     *
     * @return the empty message
     */
    public static NotifyMessage create() {
        return EMPTY;
    }

    /**
     * A message of raw assignments, each validated as by {@link #assignment(String)}.
     *
     * @param assignments such as {@code "READY=1"}, {@code "STATUS=Serving"}
     * @return the message
     * @throws IllegalArgumentException if an assignment breaks a rule
     */
    public static NotifyMessage of(String... assignments) {
        NotifyMessage message = EMPTY;
        for (String assignment : assignments) {
            message = message.assignment(assignment);
        }
        return message;
    }

    /**
     * Adds {@code READY=1}: start-up (or a reload) is complete.
     *
     * @return the new message
     */
    public NotifyMessage ready() {
        return with("READY", "1");
    }

    /**
     * Adds {@code RELOADING=1} and {@code MONOTONIC_USEC=} with the current {@code CLOCK_MONOTONIC}
     * time: the service has begun reloading its configuration and will send {@code READY=1} when
     * done. {@code Type=notify-reload} (systemd 253+) needs both.
     *
     * @return the new message
     * @see MonotonicClock
     */
    public NotifyMessage reloading() {
        return with("RELOADING", "1").with("MONOTONIC_USEC", Long.toString(MonotonicClock.nowMicros()));
    }

    /**
     * Adds {@code STOPPING=1}: the service is shutting down.
     *
     * @return the new message
     */
    public NotifyMessage stopping() {
        return with("STOPPING", "1");
    }

    /**
     * Adds {@code STATUS=}: one line shown by {@code systemctl status}. An empty text clears it.
     *
     * @param text valid Unicode without line breaks or NUL; see {@link #sanitize(CharSequence, int)}
     *     for text of unknown origin
     * @return the new message
     */
    public NotifyMessage status(String text) {
        return with("STATUS", text);
    }

    /**
     * Adds {@code ERRNO=}: the errno-style error the service failed with.
     *
     * @param errno 0 to 4095, such as 2 for {@code ENOENT}
     * @return the new message
     */
    public NotifyMessage errno(int errno) {
        if (errno < 0 || errno > 4095) {
            throw new IllegalArgumentException("ERRNO must be between 0 and 4095: " + errno);
        }
        return with("ERRNO", Integer.toString(errno));
    }

    /**
     * Adds {@code BUSERROR=}: the D-Bus error the service failed with.
     *
     * @param name a D-Bus error name such as {@code org.freedesktop.DBus.Error.TimedOut}
     * @return the new message
     */
    public NotifyMessage busError(String name) {
        if (name.length() > 255 || !DBUS_ERROR_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "BUSERROR must be a D-Bus error name such as " + "org.freedesktop.DBus.Error.TimedOut: " + name);
        }
        return with("BUSERROR", name);
    }

    /**
     * Adds {@code EXIT_STATUS=}: the exit status the service is about to exit with.
     *
     * @param status 0 to 255
     * @return the new message
     */
    public NotifyMessage exitStatus(int status) {
        if (status < 0 || status > 255) {
            throw new IllegalArgumentException("EXIT_STATUS must be between 0 and 255: " + status);
        }
        return with("EXIT_STATUS", Integer.toString(status));
    }

    /**
     * Adds {@code MAINPID=}: another process is now the service's main process.
     *
     * @param pid a positive process id
     * @return the new message
     */
    public NotifyMessage mainPid(long pid) {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("MAINPID must be a process id: " + pid);
        }
        return with("MAINPID", Long.toString(pid));
    }

    /**
     * Adds {@code WATCHDOG=1}: the keep-alive ping.
     *
     * @return the new message
     */
    public NotifyMessage watchdogPing() {
        return with("WATCHDOG", "1");
    }

    /**
     * Adds {@code WATCHDOG=trigger}: act as if the watchdog timed out, now (systemd 243+).
     *
     * @return the new message
     */
    public NotifyMessage watchdogTrigger() {
        return with("WATCHDOG", "trigger");
    }

    /**
     * Adds {@code WATCHDOG_USEC=}: a new watchdog timeout (systemd 233+).
     *
     * @param timeout positive; sent in whole microseconds, rounded up
     * @return the new message
     */
    public NotifyMessage watchdogTimeout(Duration timeout) {
        return with("WATCHDOG_USEC", Long.toString(micros("WATCHDOG_USEC", timeout)));
    }

    /**
     * Adds {@code EXTEND_TIMEOUT_USEC=}: the running start, runtime or stop timeout is extended to at
     * least this long from now; send it again before it passes (systemd 236+).
     *
     * @param extension positive; sent in whole microseconds, rounded up
     * @return the new message
     */
    public NotifyMessage extendTimeout(Duration extension) {
        return with("EXTEND_TIMEOUT_USEC", Long.toString(micros("EXTEND_TIMEOUT_USEC", extension)));
    }

    /**
     * Adds {@code NOTIFYACCESS=}: who may send notifications from now on (systemd 254+).
     *
     * @param access the new access
     * @return the new message
     */
    public NotifyMessage notifyAccess(NotifyAccess access) {
        return with("NOTIFYACCESS", access.value());
    }

    /**
     * Adds {@code FDSTORE=1} and {@code FDNAME=} with descriptors to keep in the service's
     * file-descriptor store (the unit needs {@code FileDescriptorStoreMax=}). After a restart they
     * come back through {@code LISTEN_FDS}, see {@link SocketActivation}. The manager polls stored
     * sockets and drops them on hangup or error unless {@link #fdPollDisabled()} is added too.
     *
     * @param name the name they come back with: printable ASCII without {@code :}, at most {@value
     *     #MAX_FD_NAME} characters
     * @param fds one or more open descriptors; they stay owned by the caller
     * @return the new message
     * @throws IllegalArgumentException if the message has descriptors already, or none are given
     */
    public NotifyMessage fdStore(String name, FileDescriptor... fds) {
        if (fds.length == 0) {
            throw new IllegalArgumentException("FDSTORE=1 needs at least one descriptor");
        }
        if (!fileDescriptors.isEmpty()) {
            throw new IllegalArgumentException("a message carries one set of descriptors under one FDNAME");
        }
        for (FileDescriptor fd : fds) {
            if (fd == null || !fd.valid()) {
                throw new IllegalArgumentException("FDSTORE descriptor is not open: " + fd);
            }
        }
        NotifyMessage named = with("FDSTORE", "1").with("FDNAME", checkFdName(name));
        return new NotifyMessage(named.assignments, List.of(fds), named.size);
    }

    /**
     * Adds {@code FDPOLL=0}: do not drop the stored sockets on hangup or error (systemd 246+).
     *
     * @return the new message
     */
    public NotifyMessage fdPollDisabled() {
        return with("FDPOLL", "0");
    }

    /**
     * Adds {@code FDSTOREREMOVE=1} and {@code FDNAME=}: close and forget the stored descriptors of
     * that name.
     *
     * @param name the name given to {@link #fdStore(String, FileDescriptor...)}
     * @return the new message
     */
    public NotifyMessage fdStoreRemove(String name) {
        return with("FDSTOREREMOVE", "1").with("FDNAME", checkFdName(name));
    }

    /**
     * Adds a raw assignment {@code KEY=VALUE}, for keys without a method here (newer systemd
     * versions, {@code X_} private ones).
     *
     * @param assignment such as {@code "X_PHASE=warmup"}
     * @return the new message
     * @throws IllegalArgumentException if the assignment breaks a rule (see the class comment)
     */
    public NotifyMessage assignment(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("not a KEY=VALUE assignment: " + quote(assignment));
        }
        return assignment(assignment.substring(0, eq), assignment.substring(eq + 1));
    }

    /**
     * Adds a raw assignment {@code key=value}.
     *
     * @param key upper-case ASCII letters, digits and {@code _}, starting with a letter
     * @param value the value
     * @return the new message
     * @throws IllegalArgumentException if the assignment breaks a rule (see the class comment)
     */
    public NotifyMessage assignment(String key, String value) {
        Objects.requireNonNull(value, "value");
        if ("BARRIER".equals(key)) {
            throw new IllegalArgumentException(
                    "BARRIER=1 must travel alone with one descriptor: use SystemdNotifier.barrier(timeout)");
        }
        if ("FDSTORE".equals(key)) {
            throw new IllegalArgumentException("FDSTORE=1 needs descriptors: use fdStore(name, fds)");
        }
        if ("FDNAME".equals(key)) {
            checkFdName(value);
        }
        Set<String> exact = EXACT_VALUES.get(key);
        if (exact != null && !exact.contains(value)) {
            throw new IllegalArgumentException(
                    key + " must be exactly one of " + exact + " (systemd compares the whole string): " + quote(value));
        }
        if (DECIMAL_KEYS.contains(key) && !isDecimal(value)) {
            throw new IllegalArgumentException(key + " must be a decimal number: " + quote(value));
        }
        return with(key, value);
    }

    /** Whether {@code value} is one or more ASCII digits, the form systemd parses numbers in. */
    static boolean isDecimal(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private NotifyMessage with(String key, String value) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException(
                    "notification keys are upper-case ASCII letters, digits and _: " + quote(key));
        }
        checkText(key, value);
        String prefix = key + "=";
        for (String existing : assignments) {
            if (existing.startsWith(prefix)) {
                throw new IllegalArgumentException(
                        key + " is already in this message (systemd uses only the first): " + quote(existing));
            }
        }
        String assignment = prefix + value;
        int bytes = size + (assignments.isEmpty() ? 0 : 1) + utf8Length(assignment);
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("notification would be " + bytes + " bytes; the service manager "
                    + "ignores datagrams over " + MAX_BYTES + " bytes (adding " + key + ")");
        }
        List<String> more = new ArrayList<>(assignments.size() + 1);
        more.addAll(assignments);
        more.add(assignment);
        return new NotifyMessage(Collections.unmodifiableList(more), fileDescriptors, bytes);
    }

    private static void checkText(String key, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r' || c == 0) {
                throw new IllegalArgumentException(key + " must be one line without NUL; found "
                        + (c == 0 ? "NUL" : c == '\n' ? "a line feed" : "a carriage return") + " at " + i
                        + " in " + quote(value) + " (NotifyMessage.sanitize makes any text safe)");
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(
                        key + " is not valid Unicode: lone surrogate at " + i + " in " + quote(value));
            }
        }
    }

    static String checkFdName(String name) {
        if (name.isEmpty() || name.length() > MAX_FD_NAME) {
            throw new IllegalArgumentException("FDNAME must be 1 to " + MAX_FD_NAME + " characters: " + quote(name));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < ' ' || c > '~' || c == ':') {
                throw new IllegalArgumentException(
                        "FDNAME must be printable ASCII without ':' (systemd ignores others): " + quote(name));
            }
        }
        return name;
    }

    private static long micros(String key, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(key + " must be positive: " + duration);
        }
        long seconds = duration.getSeconds();
        if (seconds >= Long.MAX_VALUE / 1_000_000 - 1) {
            throw new IllegalArgumentException(key + " is too long: " + duration);
        }
        // Rounded up, so that a positive duration never becomes 0 ("invalid") on the wire.
        return seconds * 1_000_000 + (duration.getNano() + 999) / 1000;
    }

    private static String quote(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return '"' + shown.replace("\n", "\\n").replace("\r", "\\r").replace("\0", "\\0") + '"';
    }

    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Makes arbitrary text (an exception message, a thread name) safe for {@code STATUS=}: line
     * breaks, NUL and other control characters become spaces, lone surrogates become U+FFFD, and
     * the result is cut at a character boundary to at most {@code maxBytes} bytes of UTF-8, ending
     * in {@code …} when cut. A budget above {@value #MAX_STATUS_BYTES} counts as that, so that the
     * result always fits {@link #status(String)} in a message of its own.
     *
     * @param text any text
     * @param maxBytes the budget in UTF-8 bytes, at least 3; less than {@value #MAX_STATUS_BYTES}
     *     leaves room for other assignments in the same message
     * @return the safe text
     */
    public static String sanitize(CharSequence text, int maxBytes) {
        if (maxBytes < 3) {
            throw new IllegalArgumentException("budget must leave room for the ellipsis: " + maxBytes);
        }
        int budget = Math.min(maxBytes, MAX_STATUS_BYTES);
        StringBuilder out = new StringBuilder(Math.min(text.length(), budget));
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String piece;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                piece = new String(new char[] {c, text.charAt(++i)});
            } else if (Character.isSurrogate(c)) {
                piece = "\uFFFD";
            } else if (Character.isISOControl(c)) {
                piece = " ";
            } else {
                piece = String.valueOf(c);
            }
            int length = utf8Length(piece);
            if (bytes + length > budget) {
                while (bytes + 3 > budget) { // make room for "…" (3 bytes)
                    int last = out.length() - 1;
                    int cut = Character.isLowSurrogate(out.charAt(last)) ? last - 1 : last;
                    bytes -= utf8Length(out.substring(cut));
                    out.setLength(cut);
                }
                return out.append('…').toString();
            }
            out.append(piece);
            bytes += length;
        }
        return out.toString();
    }

    /**
     * The assignments in order.
     *
     * @return an unmodifiable list such as {@code [READY=1, STATUS=Serving]}
     */
    public List<String> assignments() {
        return assignments;
    }

    /**
     * The descriptors that travel with this message.
     *
     * @return an unmodifiable list, empty unless {@link #fdStore(String, FileDescriptor...)} was used
     */
    public List<FileDescriptor> fileDescriptors() {
        return fileDescriptors;
    }

    /**
     * Whether the message has no assignments.
     *
     * @return true for {@link #create()}
     */
    public boolean isEmpty() {
        return assignments.isEmpty();
    }

    /**
     * The datagram's payload: the assignments joined by line feeds, without a trailing one (as
     * libsystemd sends them), in UTF-8.
     *
     * @return the bytes, at most {@value #MAX_BYTES}
     */
    public byte[] toBytes() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The assignments joined by line feeds.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return String.join("\n", assignments);
    }
}
