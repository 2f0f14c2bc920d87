package io.github.systemd4j.journal.jul;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalFallback;
import io.github.systemd4j.journal.SyslogFacility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link JournalHandler} writes and where: the destination and content properties shared with
 * the Logback and Log4j2 adapters, plus the java.util.logging specific ones. Immutable; made by
 * {@link #builder()}, whose setters throw {@link IllegalArgumentException} for bad input at once.
 *
 * <pre>{@code
 * JournalHandler handler = new JournalHandler(JournalHandlerConfig.builder()
 *         .syslogIdentifier("billing")
 *         .field("APP_VERSION", "1.2")
 *         .logSource(true)
 *         .build());
 * }</pre>
 *
 * The same properties can be set in {@code logging.properties}, see {@link JournalHandler}; the
 * defaults are stated on the builder's setters.
 */
public final class JournalHandlerConfig {
    private final String socketPath;
    private final String namespace;
    private final String syslogIdentifier;
    private final int syslogFacility;
    private final boolean logLoggerName;
    private final boolean logThreadName;
    private final boolean logTid;
    private final boolean logSource;
    private final boolean stackTraceInMessage;
    private final boolean logStackTrace;
    private final boolean logParameterMaps;
    private final boolean logThreadId;
    private final boolean logSequenceNumber;
    private final boolean logMessageKey;
    private final List<Map.Entry<String, String>> fields;
    private final JournalFallback fallback;
    private final String priorityMapping;
    private final JulLevelMapping levels;
    private final Duration sendTimeout;
    private final int maxEntrySize;

    private JournalHandlerConfig(Builder b) {
        this.socketPath = b.socketPath;
        this.namespace = b.namespace;
        this.syslogIdentifier = b.syslogIdentifier;
        this.syslogFacility = b.syslogFacility;
        this.logLoggerName = b.logLoggerName;
        this.logThreadName = b.logThreadName;
        this.logTid = b.logTid;
        this.logSource = b.logSource;
        this.stackTraceInMessage = b.stackTraceInMessage;
        this.logStackTrace = b.logStackTrace;
        this.logParameterMaps = b.logParameterMaps;
        this.logThreadId = b.logThreadId;
        this.logSequenceNumber = b.logSequenceNumber;
        this.logMessageKey = b.logMessageKey;
        this.fields = List.copyOf(b.fields);
        this.fallback = b.fallback;
        this.priorityMapping = b.priorityMapping;
        this.levels = b.levels;
        this.sendTimeout = b.sendTimeout;
        this.maxEntrySize = b.maxEntrySize;
    }

    /**
     * A builder with every property at its default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every property at its default: the system journal, a detected identifier, the default fields.
     *
     * @return the configuration
     */
    public static JournalHandlerConfig defaults() {
        return builder().build();
    }

    /** The client this configuration describes; its listener is set by the sink. */
    JournalClient.Builder clientBuilder() {
        JournalClient.Builder client = JournalClient.builder();
        if (socketPath != null) {
            client.socketPath(socketPath);
        } else if (namespace != null) {
            client.namespace(namespace);
        }
        if (syslogIdentifier != null) {
            client.syslogIdentifier(syslogIdentifier);
        }
        if (syslogFacility >= 0) {
            client.syslogFacility(syslogFacility);
        }
        for (Map.Entry<String, String> field : fields) {
            client.field(field.getKey(), field.getValue());
        }
        client.sendTimeout(sendTimeout);
        if (maxEntrySize > 0) {
            client.maxEntrySize(maxEntrySize);
        }
        return client;
    }

    JulLevelMapping levels() {
        return levels;
    }

    /**
     * The socket path.
     *
     * @return the path, or null for the default (or the namespace's)
     */
    public String socketPath() {
        return socketPath;
    }

    /**
     * The journal namespace.
     *
     * @return the namespace, or null
     */
    public String namespace() {
        return namespace;
    }

    /**
     * The syslog identifier.
     *
     * @return the identifier, or null for detection
     */
    public String syslogIdentifier() {
        return syslogIdentifier;
    }

    /**
     * The syslog facility.
     *
     * @return 0..23, or -1 when not written
     */
    public int syslogFacility() {
        return syslogFacility;
    }

    /**
     * Whether {@code LOGGER} is written.
     *
     * @return the switch
     */
    public boolean logLoggerName() {
        return logLoggerName;
    }

    /**
     * Whether {@code THREAD_NAME} is written.
     *
     * @return the switch
     */
    public boolean logThreadName() {
        return logThreadName;
    }

    /**
     * Whether {@code TID} is written.
     *
     * @return the switch
     */
    public boolean logTid() {
        return logTid;
    }

    /**
     * Whether {@code CODE_FUNC} is written.
     *
     * @return the switch
     */
    public boolean logSource() {
        return logSource;
    }

    /**
     * Whether the stack trace is appended to {@code MESSAGE}.
     *
     * @return the switch
     */
    public boolean stackTraceInMessage() {
        return stackTraceInMessage;
    }

    /**
     * Whether {@code STACK_TRACE} is written.
     *
     * @return the switch
     */
    public boolean logStackTrace() {
        return logStackTrace;
    }

    /**
     * Whether {@code Map} parameters become fields.
     *
     * @return the switch
     */
    public boolean logParameterMaps() {
        return logParameterMaps;
    }

    /**
     * Whether {@code JUL_THREAD_ID} is written.
     *
     * @return the switch
     */
    public boolean logThreadId() {
        return logThreadId;
    }

    /**
     * Whether {@code JUL_SEQUENCE_NUMBER} is written.
     *
     * @return the switch
     */
    public boolean logSequenceNumber() {
        return logSequenceNumber;
    }

    /**
     * Whether {@code JUL_MESSAGE_KEY} is written.
     *
     * @return the switch
     */
    public boolean logMessageKey() {
        return logMessageKey;
    }

    /**
     * The static fields, in order.
     *
     * @return name and value pairs
     */
    public List<Map.Entry<String, String>> fields() {
        return fields;
    }

    /**
     * Where entries go while journald cannot take them.
     *
     * @return the fallback
     */
    public JournalFallback fallback() {
        return fallback;
    }

    /**
     * The level-to-priority overrides.
     *
     * @return the overrides, empty for none
     */
    public String priorityMapping() {
        return priorityMapping;
    }

    /**
     * The longest a logging call waits for room in journald's queue.
     *
     * @return the timeout
     */
    public Duration sendTimeout() {
        return sendTimeout;
    }

    /**
     * The largest entry in bytes.
     *
     * @return the size, or 0 for the client's default (384 MiB)
     */
    public int maxEntrySize() {
        return maxEntrySize;
    }

    /** Builds a {@link JournalHandlerConfig}; every setter validates at once. */
    public static final class Builder {
        private String socketPath;
        private String namespace;
        private String syslogIdentifier;
        private int syslogFacility = -1;
        private boolean logLoggerName = true;
        private boolean logThreadName = true;
        private boolean logTid = true;
        private boolean logSource;
        private boolean stackTraceInMessage = true;
        private boolean logStackTrace;
        private boolean logParameterMaps = true;
        private boolean logThreadId;
        private boolean logSequenceNumber;
        private boolean logMessageKey;
        private final List<Map.Entry<String, String>> fields = new ArrayList<>();
        private JournalFallback fallback = JournalFallback.STDERR;
        private String priorityMapping = "";
        private JulLevelMapping levels = JulLevelMapping.DEFAULT;
        private Duration sendTimeout = Duration.ofSeconds(1);
        private int maxEntrySize;

        private Builder() {}

        /**
         * The journal's native socket. Default {@value JournalClient#DEFAULT_SOCKET}; {@code @name} for
         * an abstract address. Exclusive with {@link #namespace namespace}.
         *
         * @param socketPath an absolute path or {@code @name}
         * @return this builder
         */
        public Builder socketPath(String socketPath) {
            JournalClient.builder().socketPath(socketPath);
            this.socketPath = socketPath;
            return this;
        }

        /**
         * A journal namespace: entries go to {@code /run/systemd/journal.NAME/socket}, read with {@code
         * journalctl --namespace=NAME}. Default: none. Not needed in a unit with {@code
         * LogNamespace=}, where systemd mounts the namespace over the default socket.
         *
         * @param namespace the namespace name
         * @return this builder
         */
        public Builder namespace(String namespace) {
            JournalClient.Builder.namespaceSocket(namespace);
            this.namespace = namespace;
            return this;
        }

        /**
         * {@code SYSLOG_IDENTIFIER}, what {@code journalctl -t} matches. Default: the systemd service
         * the process runs in ({@code app.service} gives {@code app}), else the jar or main class.
         *
         * @param syslogIdentifier a non-empty identifier without newline
         * @return this builder
         */
        public Builder syslogIdentifier(String syslogIdentifier) {
            JournalClient.builder().syslogIdentifier(syslogIdentifier);
            this.syslogIdentifier = syslogIdentifier;
            return this;
        }

        /**
         * {@code SYSLOG_FACILITY}. Default: not written.
         *
         * @param facility 0..23
         * @return this builder
         */
        public Builder syslogFacility(int facility) {
            JournalClient.builder().syslogFacility(facility);
            this.syslogFacility = facility;
            return this;
        }

        /**
         * {@code SYSLOG_FACILITY} by number or name ({@code daemon}, {@code local0}, …). Default: not
         * written.
         *
         * @param facility {@code 0}..{@code 23} or a facility name
         * @return this builder
         */
        public Builder syslogFacility(String facility) {
            return syslogFacility(SyslogFacility.parse(Objects.requireNonNull(facility, "facility")));
        }

        /**
         * Write {@code LOGGER}, the logger name. Default true.
         *
         * @param on the switch
         * @return this builder
         */
        public Builder logLoggerName(boolean on) {
            this.logLoggerName = on;
            return this;
        }

        /**
         * Write {@code THREAD_NAME}. Default true. Written only when the handler runs on the thread
         * that logged (a {@code LogRecord} does not carry the name).
         *
         * @param on the switch
         * @return this builder
         */
        public Builder logThreadName(boolean on) {
            this.logThreadName = on;
            return this;
        }

        /**
         * Write {@code TID}, the kernel thread id. Default true. Written only when the handler runs on
         * the thread that logged.
         *
         * @param on the switch
         * @return this builder
         */
        public Builder logTid(boolean on) {
            this.logTid = on;
            return this;
        }

        /**
         * Write {@code CODE_FUNC} ({@code class.method}) from the record's source class and method.
         * Default false: unless the caller passed them ({@code logp}), JUL infers them with a stack
         * walk on first access, which costs several microseconds per record.
         *
         * @param on the switch
         * @return this builder
         */
        public Builder logSource(boolean on) {
            this.logSource = on;
            return this;
        }

        /**
         * Append the stack trace (causes and suppressed included) to {@code MESSAGE}, so that plain
         * {@code journalctl} shows it. Default true. No effect while a formatter renders {@code
         * MESSAGE}: the formatter decides.
         *
         * @param on the switch
         * @return this builder
         */
        public Builder stackTraceInMessage(boolean on) {
            this.stackTraceInMessage = on;
            return this;
        }

        /**
         * Write the stack trace in its own {@code STACK_TRACE} field. Default false.
         *
         * @param on the switch
         * @return this builder
         */
        public Builder logStackTrace(boolean on) {
            this.logStackTrace = on;
            return this;
        }

        /**
         * Write the entries of every {@code Map} among a record's parameters as fields ({@code
         * log(INFO, "paid", Map.of("ORDER_ID", 42))} gives {@code ORDER_ID=42}). Keys are sanitised
         * like MDC keys; values are their {@code toString()}; a {@code MESSAGE_ID} entry sets the
         * journal's {@code MESSAGE_ID}. Default true.
         *
         * @param on the switch
         * @return this builder
         */
        public Builder logParameterMaps(boolean on) {
            this.logParameterMaps = on;
            return this;
        }

        /**
         * Write {@code JUL_THREAD_ID}, the record's Java thread id ({@code LogRecord.getLongThreadID()}).
         * Default false.
         *
         * @param on the switch
         * @return this builder
         */
        public Builder logThreadId(boolean on) {
            this.logThreadId = on;
            return this;
        }

        /**
         * Write {@code JUL_SEQUENCE_NUMBER}, the record's sequence number. Default false.
         *
         * @param on the switch
         * @return this builder
         */
        public Builder logSequenceNumber(boolean on) {
            this.logSequenceNumber = on;
            return this;
        }

        /**
         * Write {@code JUL_MESSAGE_KEY}, the unlocalised message, for records logged with a resource
         * bundle. Default false.
         *
         * @param on the switch
         * @return this builder
         */
        public Builder logMessageKey(boolean on) {
            this.logMessageKey = on;
            return this;
        }

        /**
         * A static field written with every entry, such as {@code APP_VERSION}. Repeat for more fields
         * or more values. Default: none.
         *
         * @param name a valid journal field name that systemd4j does not write itself
         * @param value the value
         * @return this builder
         */
        public Builder field(String name, String value) {
            JournalClient.builder().field(name, value);
            fields.add(Map.entry(name, value));
            return this;
        }

        /**
         * Static fields as {@code NAME=value,NAME2=value2}: each pair split at its first {@code =},
         * names and values stripped of surrounding blanks; values cannot contain commas (use {@link
         * #field} for those).
         *
         * @param spec the pairs; blank for none
         * @return this builder
         */
        public Builder fields(String spec) {
            if (spec == null || spec.isBlank()) {
                return this;
            }
            List<Map.Entry<String, String>> parsed = new ArrayList<>();
            for (String pair : spec.split(",")) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException(
                            "fields must look like NAME=value,NAME2=value2: \"" + pair.strip() + "\"");
                }
                String name = pair.substring(0, eq).strip();
                String value = pair.substring(eq + 1).strip();
                JournalClient.builder().field(name, value);
                parsed.add(Map.entry(name, value));
            }
            fields.addAll(parsed);
            return this;
        }

        /**
         * Where entries go while journald cannot take them. Default {@link JournalFallback#STDERR}.
         *
         * @param fallback the fallback
         * @return this builder
         */
        public Builder fallback(JournalFallback fallback) {
            this.fallback = Objects.requireNonNull(fallback, "fallback");
            return this;
        }

        /**
         * Where entries go while journald cannot take them: {@code stderr} (one readable line per
         * record, or {@code <N>}-prefixed lines when stderr is itself the journal), {@code json} (one
         * JSON object per line on stdout) or {@code none} (dropped and counted). Default {@code stderr}.
         *
         * @param fallback the name, any case
         * @return this builder
         */
        public Builder fallback(String fallback) {
            return fallback(JournalFallback.parse(fallback));
        }

        /**
         * Overrides of the level-to-priority mapping, such as {@code INFO=5,NOTICE=5,1100=2}: a level
         * name (standard or custom) or a custom level's numeric value, then a priority 0..7. Default:
         * none (SEVERE 3, WARNING 4, INFO 6, CONFIG 6, FINE/FINER/FINEST 7; other levels as the
         * standard level they are not below).
         *
         * @param spec comma-separated {@code LEVEL=digit} pairs; blank for none
         * @return this builder
         */
        public Builder priorityMapping(String spec) {
            String value = spec == null ? "" : spec.strip();
            this.levels = JulLevelMapping.parse(value);
            this.priorityMapping = value;
            return this;
        }

        /**
         * The longest a logging call waits for room in journald's queue; {@link Duration#ZERO} never
         * waits (a full queue diverts the entry at once). Default 1 second.
         *
         * @param timeout zero or positive
         * @return this builder
         */
        public Builder sendTimeout(Duration timeout) {
            JournalClient.builder().sendTimeout(timeout);
            this.sendTimeout = timeout;
            return this;
        }

        /**
         * The largest entry in bytes; larger ones are cut and marked {@code JOURNAL_TRUNCATED}.
         * Default 384 MiB (below journald 252's limit for files from unprivileged senders; use 32 MiB
         * on systemd 260+).
         *
         * @param bytes at least 4096
         * @return this builder
         */
        public Builder maxEntrySize(int bytes) {
            JournalClient.builder().maxEntrySize(bytes);
            this.maxEntrySize = bytes;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException if both a socket path and a namespace are set
         */
        public JournalHandlerConfig build() {
            if (socketPath != null && namespace != null) {
                throw new IllegalArgumentException("set either socketPath or namespace, not both");
            }
            return new JournalHandlerConfig(this);
        }
    }
}
