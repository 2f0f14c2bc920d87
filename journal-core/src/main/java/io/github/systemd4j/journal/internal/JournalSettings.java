package io.github.systemd4j.journal.internal;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.SyslogFacility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One adapter's {@link JournalProperty} values, parsed and validated once for every front end: the
 * adapter passes each property as the text the user wrote, and reads back the client, the mapping
 * switches and a key for sharing a socket. A value that cannot be used is recorded as a problem (with
 * the property's name, the value and why) and the property keeps its default; {@link #problems()}
 * lists every one, so that a configuration with three mistakes is reported with three messages. Not
 * thread-safe: configure, then read.
 */
public final class JournalSettings {
    private static final Pattern DURATION = Pattern.compile(
            "(\\d{1,9}(?:\\.\\d{1,9})?)\\s*(ms|millis|milliseconds?|s|sec|seconds?|min|minutes?)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SIZE = Pattern.compile("(\\d{1,10})\\s*([kmg]i?b|b)?", Pattern.CASE_INSENSITIVE);

    private final Map<JournalProperty, Object> values = new EnumMap<>(JournalProperty.class);
    private final List<String[]> fields = new ArrayList<>();
    private final Set<String> include = new LinkedHashSet<>();
    private final Set<String> exclude = new LinkedHashSet<>();
    private final List<String> problems = new ArrayList<>();
    private String namespaceWrittenAs = JournalProperty.NAMESPACE.propertyName();

    /**
     * Sets a property from its text. Repeating {@code fields}, {@code contextInclude} or {@code
     * contextExclude} adds to the earlier values; repeating another property replaces its value. A
     * blank value leaves the property at its default.
     *
     * @param property the property
     * @param text the value as written; null or blank for the default
     * @param writtenAs the name the user wrote (an alias such as {@code mdcInclude}), for messages
     */
    public void set(JournalProperty property, String text, String writtenAs) {
        if (text == null || text.isBlank()) {
            return;
        }
        String value = text.strip();
        if (property == JournalProperty.NAMESPACE) {
            namespaceWrittenAs = writtenAs;
        }
        try {
            apply(property, value);
        } catch (IllegalArgumentException e) {
            problems.add(writtenAs + "=" + value + ": " + e.getMessage());
        }
    }

    /**
     * Sets a property from its text, under its own name.
     *
     * @param property the property
     * @param text the value as written; null or blank for the default
     */
    public void set(JournalProperty property, String text) {
        set(property, text, property.propertyName());
    }

    /**
     * Adds one static field, as a framework's own element for it ({@code <field>}, {@code <Field>})
     * gives it.
     *
     * @param name a valid field name that is not reserved
     * @param value the value
     */
    public void field(String name, String value) {
        try {
            addField(name, value);
        } catch (IllegalArgumentException | NullPointerException e) {
            problems.add("field " + name + ": " + e.getMessage());
        }
    }

    private void addField(String name, String value) {
        JournalClient.builder().field(name, value); // validates name and value
        fields.add(new String[] {name, value});
    }

    private void apply(JournalProperty property, String value) {
        switch (property) {
            case SOCKET_PATH:
                JournalClient.builder().socketPath(value);
                values.put(property, value);
                break;
            case NAMESPACE:
                values.put(property, JournalClient.Builder.namespaceSocket(value));
                break;
            case SYSLOG_IDENTIFIER:
                JournalClient.builder().syslogIdentifier(value);
                values.put(property, value);
                break;
            case SYSLOG_FACILITY:
                values.put(property, SyslogFacility.parse(value));
                break;
            case FIELDS:
                List<String[]> parsed = new ArrayList<>();
                for (String pair : value.split(",")) {
                    int eq = pair.indexOf('=');
                    if (eq < 0) {
                        throw new IllegalArgumentException("must look like NAME=value,NAME2=value2");
                    }
                    parsed.add(new String[] {
                        pair.substring(0, eq).strip(), pair.substring(eq + 1).strip()
                    });
                }
                for (String[] field : parsed) {
                    JournalClient.builder().field(field[0], field[1]);
                }
                fields.addAll(parsed);
                break;
            case SEND_TIMEOUT:
                Duration timeout = duration(value);
                JournalClient.builder().sendTimeout(timeout);
                values.put(property, timeout);
                break;
            case MAX_ENTRY_SIZE:
                int size = size(value);
                JournalClient.builder().maxEntrySize(size);
                values.put(property, size);
                break;
            case ASYNC_QUEUE_SIZE:
                int queueSize = size(value);
                if (queueSize < AsyncQueue.MIN_CAPACITY) {
                    throw new IllegalArgumentException("must be at least 64KB");
                }
                values.put(property, queueSize);
                break;
            case ASYNC_OVERFLOW:
                values.put(property, AsyncQueue.Overflow.parse(value));
                break;
            case MAX_STACK_TRACE_SIZE:
                int traceSize = size(value);
                if (traceSize < CollectorSafe.MIN_MAX_STACK_TRACE_SIZE) {
                    throw new IllegalArgumentException("must be at least 1KB");
                }
                values.put(property, traceSize);
                break;
            case FALLBACK:
                values.put(property, JournalFallback.parse(value));
                break;
            case PRIORITY_MAPPING:
                PriorityMap.SLF4J_STYLE.withOverrides(value); // the syntax; names are each framework's
                values.put(property, value);
                break;
            case CONTEXT_PREFIX:
                values.put(property, value);
                break;
            case CONTEXT_INCLUDE:
                include.addAll(ContextFields.parseKeyList(value));
                break;
            case CONTEXT_EXCLUDE:
                exclude.addAll(ContextFields.parseKeyList(value));
                break;
            default:
                values.put(property, bool(value));
        }
    }

    /**
     * Every value that could not be used, and settings that contradict each other; empty when the
     * configuration is usable as written.
     *
     * @return the problems, in the order found
     */
    public List<String> problems() {
        List<String> all = new ArrayList<>(problems);
        if (values.containsKey(JournalProperty.SOCKET_PATH) && values.containsKey(JournalProperty.NAMESPACE)) {
            all.add(namespaceWrittenAs + ": set either socketPath or namespace, not both");
        }
        return Collections.unmodifiableList(all);
    }

    /**
     * A client builder with the socket, identity, static fields and limits.
     *
     * @return a new builder
     */
    public JournalClient.Builder client() {
        JournalClient.Builder client = JournalClient.builder().socketPath(socket());
        if (values.containsKey(JournalProperty.SYSLOG_IDENTIFIER)) {
            client.syslogIdentifier((String) values.get(JournalProperty.SYSLOG_IDENTIFIER));
        }
        if (values.containsKey(JournalProperty.SYSLOG_FACILITY)) {
            client.syslogFacility((Integer) values.get(JournalProperty.SYSLOG_FACILITY));
        }
        for (String[] field : staticFields()) {
            client.field(field[0], field[1]);
        }
        client.sendTimeout(sendTimeout());
        if (values.containsKey(JournalProperty.MAX_ENTRY_SIZE)) {
            client.maxEntrySize((Integer) values.get(JournalProperty.MAX_ENTRY_SIZE));
        }
        return client;
    }

    /** The static fields as sent: with {@code collectorSafe}, each name once and its value safe. */
    private List<String[]> staticFields() {
        return isOn(JournalProperty.COLLECTOR_SAFE) ? CollectorSafe.staticFields(fields) : fields;
    }

    /**
     * The collector-safe rewrite, when {@code collectorSafe} is on.
     *
     * @return the rewrite with {@code maxStackTraceSize}, or null when off
     */
    public CollectorSafe collectorSafe() {
        if (!isOn(JournalProperty.COLLECTOR_SAFE)) {
            return null;
        }
        return new CollectorSafe((Integer)
                values.getOrDefault(JournalProperty.MAX_STACK_TRACE_SIZE, CollectorSafe.DEFAULT_MAX_STACK_TRACE_SIZE));
    }

    /** The socket path, else the namespace's socket (a lenient front end keeps going with both set). */
    private String socket() {
        Object path = values.get(JournalProperty.SOCKET_PATH);
        return path != null
                ? (String) path
                : (String) values.getOrDefault(JournalProperty.NAMESPACE, JournalClient.DEFAULT_SOCKET);
    }

    /** The send timeout, also the longest a logging call waits for room in the async queue. */
    Duration sendTimeout() {
        return (Duration) values.getOrDefault(JournalProperty.SEND_TIMEOUT, Duration.ofSeconds(1));
    }

    /**
     * Where entries go while journald cannot take them.
     *
     * @return the fallback, {@code stderr} by default
     */
    public JournalFallback fallback() {
        return (JournalFallback) values.getOrDefault(JournalProperty.FALLBACK, JournalFallback.STDERR);
    }

    /**
     * The bound of the async queue.
     *
     * @return bytes, {@code 8MB} by default
     */
    int asyncQueueSize() {
        return (Integer) values.getOrDefault(JournalProperty.ASYNC_QUEUE_SIZE, AsyncQueue.DEFAULT_CAPACITY);
    }

    /**
     * What a logging call does when the async queue is full.
     *
     * @return {@code wait} by default
     */
    AsyncQueue.Overflow asyncOverflow() {
        return (AsyncQueue.Overflow) values.getOrDefault(JournalProperty.ASYNC_OVERFLOW, AsyncQueue.Overflow.WAIT);
    }

    /**
     * The level overrides, for the adapter's own level table.
     *
     * @return {@code LEVEL=digit} pairs, empty for none
     */
    public String priorityMapping() {
        return (String) values.getOrDefault(JournalProperty.PRIORITY_MAPPING, "");
    }

    /**
     * A switch.
     *
     * @param property one of the {@code log*} properties, {@code stackTraceInMessage}, {@code
     *     collectorSafe}, {@code async} or {@code jmx}
     * @return its value, or its default
     */
    public boolean isOn(JournalProperty property) {
        Object value = values.get(property);
        return value != null ? (Boolean) value : property.defaultValue().equals("`true`");
    }

    /**
     * The context mapping: prefix, include and exclude lists.
     *
     * @param invalidMessageId told once when a {@code MESSAGE_ID} value is invalid
     * @return the mapping
     */
    public ContextFields context(Consumer<String> invalidMessageId) {
        return new ContextFields(
                (String) values.getOrDefault(JournalProperty.CONTEXT_PREFIX, ""), include, exclude, invalidMessageId);
    }

    /**
     * What makes two adapters' clients interchangeable: equal keys may share one socket (Log4j2
     * shares a manager between reconfigurations by this key).
     *
     * @return socket, identity, static fields, limits, fallback, async mode and the MXBean switch as
     *     text
     */
    public String sharingKey() {
        StringBuilder key = new StringBuilder("socket=").append(socket());
        key.append(" identifier=").append(values.get(JournalProperty.SYSLOG_IDENTIFIER));
        key.append(" facility=").append(values.get(JournalProperty.SYSLOG_FACILITY));
        for (String[] field : staticFields()) {
            key.append(" field ").append(field[0]).append('=').append(field[1]);
        }
        key.append(" sendTimeout=").append(sendTimeout().toMillis()).append("ms");
        key.append(" maxEntrySize=").append(values.get(JournalProperty.MAX_ENTRY_SIZE));
        key.append(" fallback=").append(fallback());
        key.append(" jmx=").append(isOn(JournalProperty.JMX));
        if (isOn(JournalProperty.ASYNC)) {
            key.append(" async queue=")
                    .append(asyncQueueSize())
                    .append(" overflow=")
                    .append(asyncOverflow());
        }
        return key.toString();
    }

    /**
     * A switch: {@code true} or {@code false} in any case, or {@code 1} or {@code 0}, the spellings
     * JUL's {@code LogManager} accepts for its own boolean properties.
     *
     * @param value the text
     * @return the switch
     * @throws IllegalArgumentException if it is neither
     */
    public static boolean bool(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true":
            case "1":
                return true;
            case "false":
            case "0":
                return false;
            default:
                throw new IllegalArgumentException("must be true or false");
        }
    }

    /**
     * A duration: {@code 250ms}, {@code 250 milliseconds}, {@code 1 second}, {@code 1.5s}, {@code 2
     * min}; a bare number is milliseconds.
     *
     * @param value the text
     * @return the duration
     * @throws IllegalArgumentException if it is not one
     */
    public static Duration duration(String value) {
        Matcher m = DURATION.matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a duration such as 250ms or 1 second");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
        double millisPerUnit =
                unit.equals("ms") || unit.startsWith("milli") ? 1 : unit.startsWith("min") ? 60_000 : 1000;
        return Duration.ofNanos(Math.round(amount * millisPerUnit * 1_000_000));
    }

    /**
     * A size: {@code 65536}, {@code 64KB}, {@code 16 MB}, {@code 1GiB}; multiples of 1024, a bare
     * number is bytes.
     *
     * @param value the text
     * @return bytes
     * @throws IllegalArgumentException if it is not one, or 2 GiB or more
     */
    public static int size(String value) {
        Matcher m = SIZE.matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a size such as 32MB, 64KB or a number of bytes");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        int shift = unit.startsWith("k") ? 10 : unit.startsWith("m") ? 20 : unit.startsWith("g") ? 30 : 0;
        if (amount > (Integer.MAX_VALUE - 64L) >> shift) {
            throw new IllegalArgumentException("must be below 2 GiB");
        }
        return (int) (amount << shift);
    }
}
