package io.github.systemd4j.journal.log4j2;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.JournalFallback;
import io.github.systemd4j.journal.JournalSink;
import io.github.systemd4j.journal.mapping.ContextFields;
import io.github.systemd4j.journal.mapping.EventFieldWriter;
import io.github.systemd4j.journal.mapping.PriorityMap;
import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.appender.AppenderLoggingException;
import org.apache.logging.log4j.core.appender.rolling.FileSize;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.core.config.plugins.PluginElement;
import org.apache.logging.log4j.core.net.Facility;

/**
 * A Log4j2 appender, {@code <Journal>}, that writes each event to the systemd journal over the native
 * protocol, with every piece of the event in its own queryable field: {@code
 * ThreadContext.put("DB_HOST", "db1")} becomes {@code DB_HOST=db1}, found by {@code journalctl -u app
 * DB_HOST=db1}. No JNA, no libsystemd; in Log4j's garbage-free mode the appender allocates nothing
 * per event (see the module README for what the socket transport allocates).
 *
 * <pre>{@code
 * <Appenders>
 *   <Journal name="journal" syslogIdentifier="app">
 *     <Field name="APP_VERSION" value="${env:APP_VERSION:-dev}"/>
 *   </Journal>
 * </Appenders>
 * }</pre>
 *
 * The plugin descriptor is generated at build time: no {@code packages=} attribute is needed.
 *
 * <h2>Fields</h2>
 *
 * {@code PRIORITY}, {@code SYSLOG_IDENTIFIER} and {@code MESSAGE} always; {@code LOGGER}, {@code
 * THREAD_NAME}, {@code TID}, ThreadContext entries, {@code MapMessage} entries, {@code SD_ID} for a
 * {@code StructuredDataMessage} and one {@code MARKER} per marker and parent marker by default; {@code
 * CODE_FILE}/{@code CODE_LINE}/{@code CODE_FUNC} when {@code logSource} is on; {@code EXCEPTION},
 * {@code EXCEPTION_MESSAGE} and the stack trace (appended to {@code MESSAGE}, and/or in {@code
 * STACK_TRACE}) for a throwable; {@code MESSAGE_ID} from a context or map entry of that name; the
 * static {@code <Field>}s. {@code MESSAGE} is what {@code %m} prints, or the configured layout's
 * output.
 *
 * <h2>Level to priority</h2>
 *
 * FATAL 2, ERROR 3, WARN 4, INFO 6, DEBUG 7, TRACE 7; a custom level takes the priority of its
 * standard level (the nearest more severe one) unless {@code priorityMapping} names it, for example
 * {@code NOTICE=5,INFO=5}.
 *
 * <h2>Field names</h2>
 *
 * Context and map keys are sanitised once per distinct key (cached): upper-cased, characters outside
 * {@code A-Z 0-9 _} become {@code _}, {@code ESCAPED_} before a leading digit or {@code _}, cut to 64
 * bytes, {@code EMPTY} for an empty key; a key that would take a name the appender writes itself
 * ({@code MESSAGE}, {@code PRIORITY}, …) becomes {@code ESCAPED_MESSAGE}. Keys that sanitise to the
 * same name are all kept. See {@link io.github.systemd4j.journal.FieldNames}.
 *
 * <h2>Errors</h2>
 *
 * Invalid configuration is reported through the {@code StatusLogger} and the appender is not created.
 * A missing journal is not a configuration error: the appender starts, warns once, sends each entry
 * to the {@code fallback} meanwhile, and reports the recovery once with the number of entries
 * diverted. Other send failures are reported rate-limited. With {@code ignoreExceptions="false"} an
 * entry journald did not take (after going to the fallback) raises an {@link
 * AppenderLoggingException}, so a {@code <Failover>} can take over (set {@code fallback="none"} there);
 * otherwise nothing is thrown into the application. A logging call never blocks longer than {@code
 * sendTimeoutMillis}.
 *
 * @see <a href="https://systemd.io/JOURNAL_NATIVE_PROTOCOL/">Native Journal Protocol</a>
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.journal-fields.html">systemd.journal-fields(7)</a>
 */
@Plugin(name = "Journal", category = Core.CATEGORY_NAME, elementType = Appender.ELEMENT_TYPE, printObject = true)
public final class JournalAppender extends AbstractAppender {
    private final JournalManager manager;
    private final LogEventMapper mapper;

    private JournalAppender(
            String name,
            Filter filter,
            Layout<? extends Serializable> layout,
            boolean ignoreExceptions,
            Property[] properties,
            JournalManager manager,
            LogEventMapper mapper) {
        super(name, filter, layout, ignoreExceptions, properties);
        this.manager = manager;
        this.mapper = mapper;
    }

    /**
     * A builder with the defaults listed on its setters; Log4j uses it for the {@code <Journal>}
     * element.
     *
     * @param <B> the builder type
     * @return a new builder
     */
    @PluginBuilderFactory
    public static <B extends Builder<B>> B newBuilder() {
        return new Builder<B>().asBuilder();
    }

    @Override
    public void append(LogEvent event) {
        JournalSink sink = manager.sink();
        JournalEntry entry = sink.entry();
        try {
            mapper.write(entry, event);
        } catch (RuntimeException | VirtualMachineError e) {
            // Give the entry back to this thread; Log4j reports the failure (and rethrows it only
            // with ignoreExceptions="false").
            entry.clear();
            throw e;
        } catch (Error e) {
            // Log4j handles only exceptions; an Error would reach the application's logging call.
            entry.clear();
            throw new AppenderLoggingException("Journal appender [" + getName() + "]: writing the event failed", e);
        }
        if (!sink.send(entry) && !ignoreExceptions()) {
            throw new AppenderLoggingException("Journal appender [" + getName() + "]: journald at "
                    + sink.client().socket() + " did not take the entry");
        }
    }

    @Override
    public boolean requiresLocation() {
        return mapper.requiresLocation() || super.requiresLocation();
    }

    @Override
    public boolean stop(long timeout, TimeUnit timeUnit) {
        setStopping();
        boolean stopped = super.stop(timeout, timeUnit, false);
        stopped &= manager.stop(timeout, timeUnit);
        setStopped();
        return stopped;
    }

    /**
     * The manager that owns the socket, shared with other appenders of the same settings.
     *
     * @return the manager
     */
    public JournalManager getManager() {
        return manager;
    }

    /**
     * The journal client underneath, for its counters ({@code getClient().counters()}).
     *
     * @return the client
     */
    public JournalClient getClient() {
        return manager.client();
    }

    /**
     * Configures a {@link JournalAppender}. Every attribute is optional; the defaults make a service
     * under systemd log correctly with nothing but a name. Invalid values are reported through the
     * {@code StatusLogger} by {@link #build()}, which then returns null.
     *
     * @param <B> the builder type
     */
    public static class Builder<B extends Builder<B>> extends AbstractAppender.Builder<B>
            implements org.apache.logging.log4j.core.util.Builder<JournalAppender> {
        @PluginBuilderAttribute
        private String socketPath;

        @PluginBuilderAttribute
        private String namespace;

        @PluginBuilderAttribute
        private String syslogIdentifier;

        @PluginBuilderAttribute
        private String syslogFacility;

        @PluginBuilderAttribute
        private boolean logLoggerName = true;

        @PluginBuilderAttribute
        private boolean logThreadName = true;

        @PluginBuilderAttribute
        private boolean logTid = true;

        @PluginBuilderAttribute
        private boolean logSource;

        @PluginBuilderAttribute
        private boolean logContext = true;

        @PluginBuilderAttribute
        private String contextPrefix = "";

        @PluginBuilderAttribute
        private String contextInclude = "";

        @PluginBuilderAttribute
        private String contextExclude = "";

        @PluginBuilderAttribute
        private boolean logMapMessage = true;

        @PluginBuilderAttribute
        private boolean logMarkers = true;

        @PluginBuilderAttribute
        private boolean stackTraceInMessage = true;

        @PluginBuilderAttribute
        private boolean logStackTrace;

        @PluginBuilderAttribute
        private String fallback = "stderr";

        @PluginBuilderAttribute
        private String priorityMapping = "";

        @PluginBuilderAttribute
        private int sendTimeoutMillis = 1000;

        @PluginBuilderAttribute
        private String maxEntrySize;

        @PluginElement("Field")
        private JournalField[] fields = new JournalField[0];

        /** Creates a builder; use {@link JournalAppender#newBuilder()}. */
        protected Builder() {}

        /**
         * The journal's native socket. Default {@value JournalClient#DEFAULT_SOCKET}; {@code @name} for
         * an abstract address. Exclusive with {@link #setNamespace namespace}.
         *
         * @param socketPath an absolute path or {@code @name}
         * @return this builder
         */
        public B setSocketPath(String socketPath) {
            this.socketPath = socketPath;
            return asBuilder();
        }

        /**
         * A journal namespace ({@code /run/systemd/journal.NAME/socket}). Default: none. Not needed
         * under {@code LogNamespace=} in a unit, where systemd mounts the namespace over the default
         * path.
         *
         * @param namespace the namespace name
         * @return this builder
         */
        public B setNamespace(String namespace) {
            this.namespace = namespace;
            return asBuilder();
        }

        /**
         * {@code SYSLOG_IDENTIFIER}, what {@code journalctl -t} matches. Default: the systemd service
         * the process runs in ({@code app.service} → {@code app}), else the jar or main class.
         *
         * @param syslogIdentifier the identifier
         * @return this builder
         */
        public B setSyslogIdentifier(String syslogIdentifier) {
            this.syslogIdentifier = syslogIdentifier;
            return asBuilder();
        }

        /**
         * {@code SYSLOG_FACILITY}: a number 0..23 or a name as in Log4j's Syslog appender ({@code
         * DAEMON}, {@code LOCAL0}, …, any case). Default: not written.
         *
         * @param syslogFacility the facility
         * @return this builder
         */
        public B setSyslogFacility(String syslogFacility) {
            this.syslogFacility = syslogFacility;
            return asBuilder();
        }

        /**
         * Write {@code LOGGER}, the logger name. Default true.
         *
         * @param logLoggerName the switch
         * @return this builder
         */
        public B setLogLoggerName(boolean logLoggerName) {
            this.logLoggerName = logLoggerName;
            return asBuilder();
        }

        /**
         * Write {@code THREAD_NAME}. Default true.
         *
         * @param logThreadName the switch
         * @return this builder
         */
        public B setLogThreadName(boolean logThreadName) {
            this.logThreadName = logThreadName;
            return asBuilder();
        }

        /**
         * Write {@code TID}, the kernel thread id. Default true. Written only when the appender runs on
         * the logging thread (not behind async loggers or an {@code <Async>} appender).
         *
         * @param logTid the switch
         * @return this builder
         */
        public B setLogTid(boolean logTid) {
            this.logTid = logTid;
            return asBuilder();
        }

        /**
         * Write {@code CODE_FILE}, {@code CODE_LINE}, {@code CODE_FUNC} from the caller's location.
         * Default false: Log4j then captures the location of every event, which costs a stack walk and
         * allocates. With async loggers, also set {@code includeLocation="true"} on the logger.
         *
         * @param logSource the switch
         * @return this builder
         */
        public B setLogSource(boolean logSource) {
            this.logSource = logSource;
            return asBuilder();
        }

        /**
         * Write ThreadContext (MDC) entries as fields. Default true.
         *
         * @param logContext the switch
         * @return this builder
         */
        public B setLogContext(boolean logContext) {
            this.logContext = logContext;
            return asBuilder();
        }

        /**
         * Prefix for ThreadContext and MapMessage field names, such as {@code CTX_}. Default: none.
         *
         * @param contextPrefix the prefix
         * @return this builder
         */
        public B setContextPrefix(String contextPrefix) {
            this.contextPrefix = contextPrefix == null ? "" : contextPrefix;
            return asBuilder();
        }

        /**
         * Only these ThreadContext and MapMessage keys are written (comma-separated, as logged, before
         * the prefix). Default: all.
         *
         * @param contextInclude keys, comma-separated
         * @return this builder
         */
        public B setContextInclude(String contextInclude) {
            this.contextInclude = contextInclude == null ? "" : contextInclude;
            return asBuilder();
        }

        /**
         * These ThreadContext and MapMessage keys are never written (comma-separated). Default: none.
         *
         * @param contextExclude keys, comma-separated
         * @return this builder
         */
        public B setContextExclude(String contextExclude) {
            this.contextExclude = contextExclude == null ? "" : contextExclude;
            return asBuilder();
        }

        /**
         * Write the entries of a {@code MapMessage} (and {@code StringMapMessage}, {@code
         * StructuredDataMessage}, …) as fields, and a {@code StructuredDataMessage}'s id as {@code
         * SD_ID}. Text values as they are, other values by Log4j's rules for {@code %K}. Default true.
         *
         * @param logMapMessage the switch
         * @return this builder
         */
        public B setLogMapMessage(boolean logMapMessage) {
            this.logMapMessage = logMapMessage;
            return asBuilder();
        }

        /**
         * Write one {@code MARKER} field per marker, its parents included. Default true.
         *
         * @param logMarkers the switch
         * @return this builder
         */
        public B setLogMarkers(boolean logMarkers) {
            this.logMarkers = logMarkers;
            return asBuilder();
        }

        /**
         * Append the stack trace (causes and suppressed included) to {@code MESSAGE}, so plain {@code
         * journalctl} shows it. Default true. Has no effect with a layout, which decides itself.
         *
         * @param stackTraceInMessage the switch
         * @return this builder
         */
        public B setStackTraceInMessage(boolean stackTraceInMessage) {
            this.stackTraceInMessage = stackTraceInMessage;
            return asBuilder();
        }

        /**
         * Write the stack trace as a separate {@code STACK_TRACE} field. Default false.
         *
         * @param logStackTrace the switch
         * @return this builder
         */
        public B setLogStackTrace(boolean logStackTrace) {
            this.logStackTrace = logStackTrace;
            return asBuilder();
        }

        /**
         * Where entries go while journald cannot take them: {@code stderr} (default; one readable line
         * per event, or {@code <N>}-prefixed lines when stderr is itself the journal), {@code json} (one
         * JSON object per line on stdout, journal field names) or {@code none} (dropped and counted).
         *
         * @param fallback the mode
         * @return this builder
         */
        public B setFallback(String fallback) {
            this.fallback = fallback;
            return asBuilder();
        }

        /**
         * Overrides of the level-to-priority mapping, such as {@code INFO=5,DEBUG=6}; custom level
         * names are allowed. Default: none (FATAL 2, ERROR 3, WARN 4, INFO 6, DEBUG 7, TRACE 7).
         *
         * @param priorityMapping comma-separated {@code LEVEL=digit} pairs
         * @return this builder
         */
        public B setPriorityMapping(String priorityMapping) {
            this.priorityMapping = priorityMapping == null ? "" : priorityMapping;
            return asBuilder();
        }

        /**
         * The longest a logging call waits for room in journald's queue, in milliseconds; {@code 0}
         * never waits (a full queue diverts the entry at once). Default 1000.
         *
         * @param sendTimeoutMillis zero or positive
         * @return this builder
         */
        public B setSendTimeoutMillis(int sendTimeoutMillis) {
            this.sendTimeoutMillis = sendTimeoutMillis;
            return asBuilder();
        }

        /**
         * The largest entry, such as {@code 32MB} (units KB, MB, GB, powers of 1024); larger ones are
         * cut and marked {@code JOURNAL_TRUNCATED}. Default 384 MB (below journald's limit for files
         * passed by unprivileged senders on systemd 252; use 32MB on systemd 260+).
         *
         * @param maxEntrySize the size
         * @return this builder
         */
        public B setMaxEntrySize(String maxEntrySize) {
            this.maxEntrySize = maxEntrySize;
            return asBuilder();
        }

        /**
         * Static fields written with every entry (the {@code <Field>} elements). Default: none.
         *
         * @param fields the fields
         * @return this builder
         */
        public B setFields(JournalField... fields) {
            this.fields = fields == null ? new JournalField[0] : fields.clone();
            return asBuilder();
        }

        /**
         * Builds the appender, or reports what is wrong through the {@code StatusLogger} and returns
         * null. Appenders whose destination and client settings are equal share one socket.
         *
         * @return the appender, or null
         */
        @Override
        public JournalAppender build() {
            String name = getName();
            if (name == null || name.isBlank()) {
                LOGGER.error("A <Journal> appender needs a name attribute");
                return null;
            }
            JournalClient.Builder client = JournalClient.builder();
            StringBuilder key = new StringBuilder("Journal");
            JournalFallback fallbackMode;
            LogEventMapper mapper;
            try {
                if (socketPath != null && namespace != null) {
                    throw new IllegalArgumentException("set either socketPath or namespace, not both");
                }
                String socket = namespace != null
                        ? JournalClient.Builder.namespaceSocket(namespace)
                        : socketPath != null ? socketPath : JournalClient.DEFAULT_SOCKET;
                client.socketPath(socket);
                key.append(" socket=").append(socket);
                if (syslogIdentifier != null) {
                    client.syslogIdentifier(syslogIdentifier);
                    key.append(" identifier=").append(syslogIdentifier);
                }
                if (syslogFacility != null) {
                    int facility = parseFacility(syslogFacility);
                    client.syslogFacility(facility);
                    key.append(" facility=").append(facility);
                }
                for (JournalField field : fields) {
                    client.field(field.getName(), field.getValue());
                    key.append(" field ").append(field.getName()).append('=').append(field.getValue());
                }
                if (sendTimeoutMillis < 0) {
                    throw new IllegalArgumentException("sendTimeoutMillis must be 0 or more: " + sendTimeoutMillis);
                }
                client.sendTimeout(Duration.ofMillis(sendTimeoutMillis));
                key.append(" sendTimeoutMillis=").append(sendTimeoutMillis);
                if (maxEntrySize != null) {
                    int bytes = parseSize(maxEntrySize);
                    client.maxEntrySize(bytes);
                    key.append(" maxEntrySize=").append(bytes);
                }
                fallbackMode = parseFallback(fallback);
                key.append(" fallback=").append(fallbackMode);
                mapper = new LogEventMapper(
                        eventFieldWriter(name),
                        parsePriorityMapping(priorityMapping),
                        logContext,
                        logMapMessage,
                        logMarkers,
                        getLayout());
            } catch (IllegalArgumentException e) {
                LOGGER.error("Journal appender [{}]: {}", name, e.getMessage());
                return null;
            }
            LoggerContext context =
                    getConfiguration() != null ? getConfiguration().getLoggerContext() : null;
            JournalManager manager;
            try {
                manager = JournalManager.getManager(
                        key.toString(), new JournalManager.FactoryData(context, client, fallbackMode, name));
            } catch (RuntimeException e) {
                LOGGER.error("Journal appender [{}]: cannot open the journal client: {}", name, e.getMessage(), e);
                return null;
            }
            return new JournalAppender(
                    name, getFilter(), getLayout(), isIgnoreExceptions(), getPropertyArray(), manager, mapper);
        }

        private EventFieldWriter eventFieldWriter(String name) {
            ContextFields context = new ContextFields(
                    contextPrefix,
                    ContextFields.parseKeyList(contextInclude),
                    ContextFields.parseKeyList(contextExclude),
                    invalid -> LOGGER.warn(
                            "Journal appender [{}]: MESSAGE_ID \"{}\" is neither a UUID nor 32 hex digits;"
                                    + " written as an ordinary field. Further invalid ids are not reported.",
                            name,
                            invalid));
            return EventFieldWriter.builder()
                    .logLoggerName(logLoggerName)
                    .logThreadName(logThreadName)
                    .logTid(logTid)
                    .logSource(logSource)
                    // A layout decides itself whether MESSAGE shows the trace (%ex, %throwable, alwaysWriteExceptions).
                    .stackTraceInMessage(stackTraceInMessage && getLayout() == null)
                    .logStackTrace(logStackTrace)
                    .context(context)
                    .build();
        }

        private static int parseFacility(String value) {
            String v = value.strip();
            try {
                return Integer.parseInt(v); // the client checks the range
            } catch (NumberFormatException notANumber) {
                try {
                    return Facility.valueOf(v.toUpperCase(Locale.ROOT)).getCode();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "syslogFacility must be 0..23 or a name such as DAEMON or LOCAL0: " + value, e);
                }
            }
        }

        private static int parseSize(String value) {
            long bytes = FileSize.parse(value, -1);
            if (bytes < 0 || bytes > Integer.MAX_VALUE - 64) {
                throw new IllegalArgumentException("maxEntrySize must be a size such as 32MB, below 2GB: " + value);
            }
            return (int) bytes;
        }

        private static JournalFallback parseFallback(String value) {
            try {
                return JournalFallback.parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("fallback: " + e.getMessage(), e);
            }
        }

        private static PriorityMap parsePriorityMapping(String spec) {
            try {
                return PriorityMap.SLF4J_STYLE.withOverrides(spec);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("priorityMapping: " + e.getMessage(), e);
            }
        }
    }
}
