package io.github.systemd4j.journal;

import io.github.systemd4j.socket.DatagramSender;
import io.github.systemd4j.socket.PayloadFile;
import io.github.systemd4j.socket.SendException;
import io.github.systemd4j.socket.SendFailure;
import io.github.systemd4j.socket.SenderOptions;
import io.github.systemd4j.socket.UnixAddress;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes entries to journald over its native protocol, one entry per datagram, without JNA or
 * libsystemd. Thread-safe; build one per destination and share it.
 *
 * <pre>{@code
 * JournalClient journal = JournalClient.builder().syslogIdentifier("billing").build();
 * journal.send(journal.entry().priority(6).add("DB_HOST", "db1").message("connected"));
 * }</pre>
 *
 * <h2>Fields the client adds</h2>
 *
 * {@code SYSLOG_IDENTIFIER} (configured, else {@linkplain SyslogIdentifier#detect() detected}; journald
 * does not add one to native entries), {@code SYSLOG_FACILITY} when configured, and the configured
 * static fields, encoded once and appended to every entry. An entry that writes one of these names
 * itself keeps its own value and gets none of the client's under that name (as libsystemd keeps the
 * caller's {@code SYSLOG_IDENTIFIER}): a static field is a default.
 *
 * <h2>Large entries</h2>
 *
 * An entry larger than the {@linkplain Builder#fdThreshold(int) datagram threshold} (256 KiB by
 * default) is written to a {@link PayloadFile}
 * (a sealed memfd on Java 22+, else an unlinked {@code /dev/shm} file) whose descriptor is passed in an
 * empty datagram; a datagram the kernel still refuses as too large ({@code EMSGSIZE}, {@code ENOBUFS})
 * takes the same path. Entries never exceed {@link Builder#maxEntrySize(int)}: see {@link JournalEntry}
 * for how they are cut and marked.
 *
 * <h2>Errors</h2>
 *
 * {@link #send} throws {@link IOException} when an entry is lost and counts it (see {@link
 * JournalCounters}): as dropped when journald is absent or busy ({@link #isOutage}), as failed
 * otherwise. It never blocks longer than the {@linkplain Builder#sendTimeout(Duration) send timeout}.
 * Building a client never fails because journald is absent: while it is, sends fail fast ({@link
 * SendFailure#NOT_FOUND} or {@link SendFailure#REFUSED}), the socket is tried again at most every
 * {@linkplain Builder#reconnectInterval(Duration) reconnect interval}, and entries flow again as soon
 * as journald is back.
 *
 * @see <a href="https://systemd.io/JOURNAL_NATIVE_PROTOCOL/">Native Journal Protocol</a>
 */
public final class JournalClient implements Closeable {
    /** The system journal's native socket. */
    public static final String DEFAULT_SOCKET = "/run/systemd/journal/socket";

    /**
     * Default largest entry sent as a datagram. Linux allocates a datagram's payload mostly as one
     * physically contiguous block and charges it to the send buffer until journald reads it, so
     * multi-megabyte datagrams need high-order allocations that fail under memory fragmentation and
     * crowd out small entries; beyond 256 KiB a passed file is the better carrier.
     */
    public static final int DEFAULT_FD_THRESHOLD = 256 * 1024;

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final DatagramSender sender;
    private final String syslogIdentifier;
    private final int maxEntrySize;
    private final int fdThreshold;
    private final int initialBufferSize;
    private final int retainedBufferSize;
    private final ClientFields clientFields;
    private final ThreadLocal<JournalEntry> entries;

    private final LongAdder sent = new LongAdder();
    private final LongAdder sentViaFd = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder truncated = new LongAdder();

    private JournalClient(Builder b, UnixAddress socket) {
        this.sender = DatagramSender.open(
                socket,
                SenderOptions.defaults().withSendTimeout(b.sendTimeout).withReconnectInterval(b.reconnectInterval));
        this.syslogIdentifier = b.syslogIdentifier != null ? b.syslogIdentifier : SyslogIdentifier.detect();
        this.maxEntrySize = b.maxEntrySize;
        this.fdThreshold = Math.min(b.fdThreshold > 0 ? b.fdThreshold : DEFAULT_FD_THRESHOLD, sender.maxDatagramSize());
        this.initialBufferSize = b.initialBufferSize;
        this.retainedBufferSize = b.retainedBufferSize;

        List<FieldName> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        names.add(JournalFields.SYSLOG_IDENTIFIER);
        values.add(syslogIdentifier);
        if (b.syslogFacility >= 0) {
            names.add(JournalFields.SYSLOG_FACILITY);
            values.add(Integer.toString(b.syslogFacility));
        }
        for (String[] field : b.fields) {
            names.add(FieldName.of(field[0]));
            values.add(field[1]);
        }
        this.clientFields = ClientFields.of(names, values);
        // Fail now, not on the first entry, if the static fields leave no room.
        newEntry();
        this.entries = ThreadLocal.withInitial(this::newEntry);
    }

    /**
     * A builder with the defaults listed on its methods.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A new empty entry with this client's limits, tied to no thread: for a caller that keeps entries
     * of its own, such as a queue that hands entries to another thread to {@link #send}. Allocates;
     * {@link #entry()} reuses one per thread instead.
     *
     * @return an empty entry with this client's limits
     */
    public JournalEntry newEntry() {
        return new JournalEntry(maxEntrySize, initialBufferSize, retainedBufferSize, clientFields);
    }

    /**
     * Counts entries as {@linkplain JournalCounters#dropped() dropped} that were lost before they
     * reached {@link #send}, such as entries a full queue in front of this client could not take, so
     * that the counters account for every entry.
     *
     * @param entries how many, at least 0
     */
    public void countDropped(long entries) {
        if (entries < 0) {
            throw new IllegalArgumentException("entries must not be negative: " + entries);
        }
        dropped.add(entries);
    }

    /**
     * An empty entry for the calling thread. The entry is reused: it belongs to the thread until it is
     * passed to {@link #send} (or {@linkplain JournalEntry#clear() cleared}). If the thread asks again
     * before that, for instance because building a field logged something, it gets a fresh entry, so
     * the first is never overwritten.
     *
     * @return an empty entry with this client's limits
     */
    public JournalEntry entry() {
        JournalEntry entry = entries.get();
        if (entry.inUse) {
            return newEntry();
        }
        entry.clear();
        entry.inUse = true;
        return entry;
    }

    /**
     * Sends an entry, adding the client's own fields. The entry is finished by this call; clear it
     * (or take a new one from {@link #entry()}) before reuse.
     *
     * @param entry the entry
     * @throws SendException if journald is absent, refused the datagram or stayed busy for the send
     *     timeout (the entry is counted as dropped)
     * @throws IOException if the entry was lost to another error (counted as failed)
     */
    public void send(JournalEntry entry) throws IOException {
        try {
            int size = entry.finish();
            ByteBuffer data = entry.encoded();
            boolean viaFd = size > fdThreshold;
            if (!viaFd) {
                try {
                    sender.send(data);
                } catch (SendException e) {
                    if (e.failure() != SendFailure.TOO_LARGE) {
                        throw e;
                    }
                    viaFd = true; // EMSGSIZE or ENOBUFS: the send buffer is smaller than we thought
                }
            }
            if (viaFd) {
                sendAsFile(data);
                sentViaFd.increment();
            }
            sent.increment();
            if (entry.isTruncated()) {
                truncated.increment();
            }
        } catch (SendException e) {
            (isOutage(e.failure()) ? dropped : failed).increment();
            throw e;
        } catch (IOException e) {
            failed.increment();
            throw e;
        } finally {
            entry.inUse = false;
        }
    }

    /**
     * Whether a failure means journald cannot take entries now (absent, stale socket, queue full) or
     * at all from this JVM (no usable socket transport): such entries are counted as {@linkplain
     * JournalCounters#dropped() dropped}, and an outage lasts until a send succeeds. Anything else is a
     * failure of that one entry ({@linkplain JournalCounters#failed() failed}).
     *
     * @param failure why a send failed
     * @return true for an outage
     */
    public static boolean isOutage(SendFailure failure) {
        return failure.isUnavailable() || failure == SendFailure.WOULD_BLOCK || failure == SendFailure.UNSUPPORTED;
    }

    private void sendAsFile(ByteBuffer data) throws IOException {
        try (PayloadFile file = PayloadFile.create(data)) {
            sender.sendWithFileDescriptors(EMPTY.duplicate(), file.fileDescriptor());
        }
    }

    /**
     * What this client has done so far.
     *
     * @return a snapshot of the counters
     */
    public JournalCounters counters() {
        return new JournalCounters(sent.sum(), sentViaFd.sum(), dropped.sum(), failed.sum(), truncated.sum());
    }

    /**
     * The socket this client writes to.
     *
     * @return the address
     */
    public UnixAddress socket() {
        return sender.target();
    }

    /**
     * The {@code SYSLOG_IDENTIFIER} written with every entry.
     *
     * @return the configured or detected identifier
     */
    public String syslogIdentifier() {
        return syslogIdentifier;
    }

    /**
     * Entries larger than this many bytes go through a file descriptor.
     *
     * @return the threshold
     */
    public int fdThreshold() {
        return fdThreshold;
    }

    /** Closes the socket. Later sends fail with {@link SendFailure#CLOSED}. */
    @Override
    public void close() {
        sender.close();
    }

    @Override
    public String toString() {
        return "JournalClient[" + sender.target() + ", " + syslogIdentifier + "]";
    }

    /**
     * Configures a {@link JournalClient}. Every setter validates at once and throws {@link
     * IllegalArgumentException} for bad input.
     */
    public static final class Builder {
        private String socketPath = DEFAULT_SOCKET;
        private String syslogIdentifier;
        private int syslogFacility = -1;
        private final List<String[]> fields = new ArrayList<>();
        private int maxEntrySize = JournalEntry.DEFAULT_MAX_SIZE;
        private int fdThreshold;
        private Duration sendTimeout = SenderOptions.defaults().sendTimeout();
        private Duration reconnectInterval = SenderOptions.defaults().reconnectInterval();
        private int initialBufferSize = JournalEntry.DEFAULT_INITIAL_CAPACITY;
        private int retainedBufferSize = JournalEntry.DEFAULT_RETAINED_CAPACITY;

        private Builder() {}

        /**
         * The native socket to write to. Default {@value JournalClient#DEFAULT_SOCKET}. An address
         * starting with {@code @} is in the abstract namespace.
         *
         * @param socketPath an absolute path or {@code @name}
         * @return this builder
         */
        public Builder socketPath(String socketPath) {
            UnixAddress.parse(socketPath);
            this.socketPath = socketPath;
            return this;
        }

        /**
         * Writes to journal namespace {@code NAME} ({@code /run/systemd/journal.NAME/socket}) instead of
         * the socket path. A unit with {@code LogNamespace=NAME} needs neither: systemd mounts that
         * namespace's sockets over the default path.
         *
         * @param namespace the namespace name, as in {@code journalctl --namespace=NAME}
         * @return this builder
         */
        public Builder namespace(String namespace) {
            return socketPath(namespaceSocket(namespace));
        }

        /**
         * The socket path of a journal namespace.
         *
         * @param namespace the namespace name
         * @return {@code /run/systemd/journal.NAME/socket}
         * @throws IllegalArgumentException if the name is not a valid namespace name
         */
        public static String namespaceSocket(String namespace) {
            if (namespace == null
                    || namespace.isEmpty()
                    || namespace.length() > 222
                    || !namespace.matches("[A-Za-z0-9:_.\\\\-]+")
                    || namespace.startsWith(".")) {
                throw new IllegalArgumentException("invalid journal namespace name: " + namespace);
            }
            return "/run/systemd/journal." + namespace + "/socket";
        }

        /**
         * The {@code SYSLOG_IDENTIFIER} of every entry. Default: {@linkplain SyslogIdentifier#detect()
         * detected} from the service, jar or main class.
         *
         * @param identifier a non-empty identifier
         * @return this builder
         */
        public Builder syslogIdentifier(String identifier) {
            if (identifier == null || identifier.isEmpty() || identifier.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("syslog identifier must be non-empty, without newline");
            }
            this.syslogIdentifier = identifier;
            return this;
        }

        /**
         * The {@code SYSLOG_FACILITY} of every entry. Default: not written.
         *
         * @param facility 0 to 23 (for example 16 for local0)
         * @return this builder
         */
        public Builder syslogFacility(int facility) {
            if (facility < 0 || facility > 23) {
                throw new IllegalArgumentException("syslog facility must be 0..23: " + facility);
            }
            this.syslogFacility = facility;
            return this;
        }

        /**
         * A static field written with every entry, such as {@code APP_VERSION}. Repeat for more fields
         * or more values.
         *
         * @param name a valid field name that is not {@linkplain JournalFields#RESERVED reserved}
         * @param value the value
         * @return this builder
         */
        public Builder field(String name, String value) {
            FieldName.of(name);
            if (JournalFields.RESERVED.contains(name)) {
                throw new IllegalArgumentException("field name " + name + " is reserved for systemd4j's own fields");
            }
            fields.add(new String[] {name, Objects.requireNonNull(value, "value")});
            return this;
        }

        /**
         * The largest encoded entry. Default 384 MiB, below journald's limit for unsealed files (half
         * of 770 MiB). Newer journald (v260+) accepts at most 32 MiB through a descriptor from
         * unprivileged senders; lower this there. Larger entries are cut and marked.
         *
         * @param bytes at least 4096
         * @return this builder
         */
        public Builder maxEntrySize(int bytes) {
            if (bytes < 4096) {
                throw new IllegalArgumentException("maximum entry size must be at least 4096: " + bytes);
            }
            this.maxEntrySize = bytes;
            return this;
        }

        /**
         * Entries larger than this go through a file descriptor. Default {@value
         * JournalClient#DEFAULT_FD_THRESHOLD} bytes; never more than the largest datagram the socket's
         * send buffer accepts (8 MiB requested, at most ~4 MiB by the kernel).
         *
         * @param bytes positive
         * @return this builder
         */
        public Builder fdThreshold(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("fd threshold must be positive: " + bytes);
            }
            this.fdThreshold = bytes;
            return this;
        }

        /**
         * The longest one send may wait for room in journald's queue. Default 1 s; {@link
         * Duration#ZERO} never waits (a full queue drops the entry at once).
         *
         * @param timeout zero or positive
         * @return this builder
         */
        public Builder sendTimeout(Duration timeout) {
            SenderOptions.defaults().withSendTimeout(timeout);
            this.sendTimeout = timeout;
            return this;
        }

        /**
         * While journald is absent, how often a send tries to reach it again. Default 100 ms.
         *
         * @param interval zero or positive
         * @return this builder
         */
        public Builder reconnectInterval(Duration interval) {
            SenderOptions.defaults().withReconnectInterval(interval);
            this.reconnectInterval = interval;
            return this;
        }

        /**
         * Buffer sizes of the per-thread entries: the initial capacity (default 1 KiB) and the capacity
         * kept after an oversized entry (default 64 KiB; larger buffers are released).
         *
         * @param initial initial capacity in bytes
         * @param retained largest capacity kept between entries
         * @return this builder
         */
        public Builder bufferSizes(int initial, int retained) {
            if (initial < 64 || retained < initial) {
                throw new IllegalArgumentException("need 64 <= initial <= retained: " + initial + ", " + retained);
            }
            this.initialBufferSize = initial;
            this.retainedBufferSize = retained;
            return this;
        }

        /**
         * Builds the client. Does not contact journald.
         *
         * @return the client
         * @throws IllegalArgumentException if the static fields do not fit the maximum entry size
         */
        public JournalClient build() {
            return new JournalClient(this, UnixAddress.parse(socketPath));
        }
    }
}
