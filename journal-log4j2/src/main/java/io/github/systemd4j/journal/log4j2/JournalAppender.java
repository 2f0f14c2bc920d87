package io.github.systemd4j.journal.log4j2;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.internal.EventMapper;
import io.github.systemd4j.journal.internal.EventSender;
import io.github.systemd4j.journal.internal.JournalProperty;
import io.github.systemd4j.journal.internal.JournalSettings;
import io.github.systemd4j.journal.internal.JournalSink;
import io.github.systemd4j.journal.internal.PriorityMap;
import java.io.Serializable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.appender.AppenderLoggingException;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.core.config.plugins.PluginElement;

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
 * <h2>Attributes</h2>
 *
 * The properties every systemd4j adapter shares ({@code socketPath}, {@code namespace}, {@code
 * sendTimeout}, {@code logContext}, …), with the same names and value syntax, are listed in
 * journal-core's README; {@code sendTimeoutMillis} is the older name of {@code sendTimeout}. Log4j2's
 * own: {@code logThreadContext} and {@code logMapMessage} (which context sources {@code logContext}
 * covers), a layout for {@code MESSAGE}, {@code <Field>} elements, {@code ignoreExceptions}.
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
 * Invalid configuration is reported as errors through the {@code StatusLogger} (shown by default),
 * every mistake once, with one more error saying that journald is not used: the appender is still
 * created and writes every event to the {@code fallback} ({@code stderr}, or the configured one if
 * that value was valid), never to journald. A missing journal is not a configuration error: the
 * appender starts, says so once, sends each entry to the {@code fallback} meanwhile, and says once
 * when journald is reachable again, with the number of entries diverted; a later outage is said the
 * same way, once per outage. These notices go to the {@code StatusLogger} as a warning and as
 * information; while it shows errors but not their level (its default, and {@code status="error"}),
 * they are also printed on stderr, one line each ({@code systemd4j: Log4j2 Journal appender [NAME]:
 * …}); {@code status="off"} silences them (from Log4j 2.24 on). Other send failures are reported rate-limited. With
 * {@code ignoreExceptions="false"} an entry journald did not take (after going to the fallback) raises
 * an {@link AppenderLoggingException}, so a {@code <Failover>} can take over (set {@code
 * fallback="none"} there); otherwise nothing is thrown into the application. A logging call never
 * blocks longer than {@code sendTimeout}.
 *
 * @see <a href="https://systemd.io/JOURNAL_NATIVE_PROTOCOL/">Native Journal Protocol</a>
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.journal-fields.html">systemd.journal-fields(7)</a>
 */
@Plugin(name = "Journal", category = Core.CATEGORY_NAME, elementType = Appender.ELEMENT_TYPE, printObject = true)
public final class JournalAppender extends AbstractAppender {
    private final JournalManager manager;
    private final EventSender<LogEvent> sender;

    private JournalAppender(
            String name,
            Filter filter,
            Layout<? extends Serializable> layout,
            boolean ignoreExceptions,
            Property[] properties,
            JournalManager manager,
            EventMapper<LogEvent> mapper) {
        super(name, filter, layout, ignoreExceptions, properties);
        this.manager = manager;
        this.sender = new EventSender<>(mapper, manager.sink());
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
        JournalSink.Delivery delivery = sender.send(event);
        if (delivery != JournalSink.Delivery.SENT
                && delivery != JournalSink.Delivery.QUEUED
                && delivery != JournalSink.Delivery.REENTERED
                && !ignoreExceptions()) {
            throw new AppenderLoggingException("Journal appender [" + getName() + "]: journald at "
                    + manager.client().socket() + " did not take the entry (" + delivery + ")");
        }
    }

    @Override
    public boolean requiresLocation() {
        return sender.mapper().logSource() || super.requiresLocation();
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
     * The client underneath, for its counters.
     *
     * @return the client
     */
    public JournalClient getClient() {
        return manager.client();
    }

    /**
     * Builds a {@link JournalAppender}: every attribute of {@code <Journal>}, as text, parsed and
     * checked together when the appender is built.
     *
     * @param <B> the builder type
     */
    public static class Builder<B extends Builder<B>> extends AbstractAppender.Builder<B>
            implements org.apache.logging.log4j.core.util.Builder<JournalAppender> {
        private static final AtomicInteger INVALID = new AtomicInteger();

        @PluginBuilderAttribute
        private String socketPath;

        @PluginBuilderAttribute
        private String namespace;

        @PluginBuilderAttribute
        private String syslogIdentifier;

        @PluginBuilderAttribute
        private String syslogFacility;

        @PluginBuilderAttribute
        private String fields;

        @PluginBuilderAttribute
        private String sendTimeout;

        @PluginBuilderAttribute
        private String maxEntrySize;

        @PluginBuilderAttribute
        private String fallback;

        @PluginBuilderAttribute
        private String priorityMapping;

        @PluginBuilderAttribute
        private String logLoggerName;

        @PluginBuilderAttribute
        private String logThreadName;

        @PluginBuilderAttribute
        private String logTid;

        @PluginBuilderAttribute
        private String logSource;

        @PluginBuilderAttribute
        private String logContext;

        @PluginBuilderAttribute
        private String contextPrefix;

        @PluginBuilderAttribute
        private String contextInclude;

        @PluginBuilderAttribute
        private String contextExclude;

        @PluginBuilderAttribute
        private String logMarkers;

        @PluginBuilderAttribute
        private String stackTraceInMessage;

        @PluginBuilderAttribute
        private String logStackTrace;

        @PluginBuilderAttribute
        private String collectorSafe;

        @PluginBuilderAttribute
        private String maxStackTraceSize;

        @PluginBuilderAttribute
        private String jmx;

        @PluginBuilderAttribute
        private String async;

        @PluginBuilderAttribute
        private String asyncQueueSize;

        @PluginBuilderAttribute
        private String asyncOverflow;

        @PluginBuilderAttribute
        private String sendTimeoutMillis;

        @PluginBuilderAttribute
        private boolean logThreadContext = true;

        @PluginBuilderAttribute
        private boolean logMapMessage = true;

        @PluginElement("Field")
        private JournalField[] fieldElements = new JournalField[0];

        /** Use {@link JournalAppender#newBuilder()}. */
        protected Builder() {}

        /**
         * the native socket; {@code @name} for an abstract one. Default {@code /run/systemd/journal/socket}.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setSocketPath(String value) {
            this.socketPath = value;
            return asBuilder();
        }

        /**
         * a journal namespace instead of the socket path. Default: none.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setNamespace(String value) {
            this.namespace = value;
            return asBuilder();
        }

        /**
         * {@code SYSLOG_IDENTIFIER}. Default: the unit, the jar or the main class.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setSyslogIdentifier(String value) {
            this.syslogIdentifier = value;
            return asBuilder();
        }

        /**
         * {@code SYSLOG_FACILITY}, {@code 0}..{@code 23} or a name such as {@code local0}. Default: not written.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setSyslogFacility(String value) {
            this.syslogFacility = value;
            return asBuilder();
        }

        /**
         * static fields, {@code NAME=value,NAME2=value2}. Default: none.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setFields(String value) {
            this.fields = value;
            return asBuilder();
        }

        /**
         * the longest a logging call waits for room in journald's queue, such as {@code 250ms}; {@code 0} never waits. Default {@code 1 second}.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setSendTimeout(String value) {
            this.sendTimeout = value;
            return asBuilder();
        }

        /**
         * the largest entry, such as {@code 32MB}; larger ones are cut and marked. Default {@code 384MB}.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setMaxEntrySize(String value) {
            this.maxEntrySize = value;
            return asBuilder();
        }

        /**
         * where entries go while journald cannot take them: {@code stderr}, {@code json} or {@code none}. Default {@code stderr}.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setFallback(String value) {
            this.fallback = value;
            return asBuilder();
        }

        /**
         * level to priority overrides, such as {@code NOTICE=5,INFO=5}. Default: none.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setPriorityMapping(String value) {
            this.priorityMapping = value;
            return asBuilder();
        }

        /**
         * {@code LOGGER}. Default {@code true}.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setLogLoggerName(String value) {
            this.logLoggerName = value;
            return asBuilder();
        }

        /**
         * {@code THREAD_NAME}. Default {@code true}.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setLogThreadName(String value) {
            this.logThreadName = value;
            return asBuilder();
        }

        /**
         * {@code TID}. Default {@code true}.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setLogTid(String value) {
            this.logTid = value;
            return asBuilder();
        }

        /**
         * {@code CODE_FILE}, {@code CODE_LINE}, {@code CODE_FUNC} (makes Log4j capture the location). Default {@code false}.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setLogSource(String value) {
            this.logSource = value;
            return asBuilder();
        }

        /**
         * context entries (ThreadContext and {@code MapMessage} entries) as fields. Default {@code true}.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setLogContext(String value) {
            this.logContext = value;
            return asBuilder();
        }

        /**
         * prepended to every context key. Default: none.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setContextPrefix(String value) {
            this.contextPrefix = value;
            return asBuilder();
        }

        /**
         * only these context keys, comma-separated. Default: all.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setContextInclude(String value) {
            this.contextInclude = value;
            return asBuilder();
        }

        /**
         * never these context keys, comma-separated. Default: none.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setContextExclude(String value) {
            this.contextExclude = value;
            return asBuilder();
        }

        /**
         * one {@code MARKER} field per marker and parent marker. Default {@code true}.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setLogMarkers(String value) {
            this.logMarkers = value;
            return asBuilder();
        }

        /**
         * the stack trace appended to {@code MESSAGE} (a layout decides itself). Default {@code true}.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setStackTraceInMessage(String value) {
            this.stackTraceInMessage = value;
            return asBuilder();
        }

        /**
         * the stack trace in its own {@code STACK_TRACE} field. Default {@code false}.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setLogStackTrace(String value) {
            this.logStackTrace = value;
            return asBuilder();
        }

        /**
         * collector-safe output: every field readable by collectors that run {@code journalctl -o
         * json} without {@code --all} (journal-core's README, "Collector-safe output"). Default {@code
         * false}.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setCollectorSafe(String value) {
            this.collectorSafe = value;
            return asBuilder();
        }

        /**
         * with {@code collectorSafe}: the most stack trace text, beyond which it is cut with a marker
         * line. Default {@code 64KB}.
         *
         * @param value the value as in {@code log4j2.xml}, such as {@code 16KB}; at least {@code 1KB}
         * @return this builder
         */
        public B setMaxStackTraceSize(String value) {
            this.maxStackTraceSize = value;
            return asBuilder();
        }

        /**
         * Async mode: the logging thread writes the entry and queues it, one daemon thread of the
         * appender's manager sends it (journal-core's README, "Async mode"). Default {@code false}.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setAsync(String value) {
            this.async = value;
            return asBuilder();
        }

        /**
         * With {@code async}: the most bytes of entries queued. Default {@code 8MB}.
         *
         * @param value the value as in {@code log4j2.xml}, such as {@code 512KB}; at least {@code 64KB}
         * @return this builder
         */
        public B setAsyncQueueSize(String value) {
            this.asyncQueueSize = value;
            return asBuilder();
        }

        /**
         * With {@code async}, when the queue is full: {@code wait} up to {@code sendTimeout} for room,
         * then drop the entry, or {@code drop} it at once; drops are counted and reported. Default
         * {@code wait}.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setAsyncOverflow(String value) {
            this.asyncOverflow = value;
            return asBuilder();
        }

        /**
         * The appender's counters and outage state as the platform MXBean {@code
         * io.github.systemd4j:type=Journal,name=NAME} ({@link io.github.systemd4j.journal.JournalMXBean}),
         * registered while the appender's socket is open. Default {@code true}.
         *
         * @param value the value as in {@code log4j2.xml}
         * @return this builder
         */
        public B setJmx(String value) {
            this.jmx = value;
            return asBuilder();
        }

        /**
         * {@link #setSendTimeout}, under its older name: milliseconds.
         *
         * @param value a number of milliseconds, or a duration such as {@code 250ms}
         * @return this builder
         */
        public B setSendTimeoutMillis(String value) {
            this.sendTimeoutMillis = value;
            return asBuilder();
        }

        /**
         * ThreadContext entries as context entries. Default {@code true}.
         *
         * @param on the switch
         * @return this builder
         */
        public B setLogThreadContext(boolean on) {
            this.logThreadContext = on;
            return asBuilder();
        }

        /**
         * {@code MapMessage} entries as context entries, and {@code SD_ID} for a {@code
         * StructuredDataMessage}. Default {@code true}.
         *
         * @param on the switch
         * @return this builder
         */
        public B setLogMapMessage(boolean on) {
            this.logMapMessage = on;
            return asBuilder();
        }

        /**
         * Static fields, as {@code <Field>} elements give them.
         *
         * @param fields the fields
         * @return this builder
         */
        public B setFieldElements(JournalField... fields) {
            this.fieldElements = fields == null ? new JournalField[0] : fields.clone();
            return asBuilder();
        }

        @Override
        public JournalAppender build() {
            String name = getName();
            if (name == null || name.isBlank()) {
                LOGGER.error("A <Journal> appender needs a name attribute");
                return null;
            }
            JournalSettings settings = new JournalSettings();
            settings.set(JournalProperty.SOCKET_PATH, socketPath);
            settings.set(JournalProperty.NAMESPACE, namespace);
            settings.set(JournalProperty.SYSLOG_IDENTIFIER, syslogIdentifier);
            settings.set(JournalProperty.SYSLOG_FACILITY, syslogFacility);
            settings.set(JournalProperty.FIELDS, fields);
            settings.set(JournalProperty.SEND_TIMEOUT, sendTimeout);
            settings.set(JournalProperty.MAX_ENTRY_SIZE, maxEntrySize);
            settings.set(JournalProperty.FALLBACK, fallback);
            settings.set(JournalProperty.PRIORITY_MAPPING, priorityMapping);
            settings.set(JournalProperty.LOG_LOGGER_NAME, logLoggerName);
            settings.set(JournalProperty.LOG_THREAD_NAME, logThreadName);
            settings.set(JournalProperty.LOG_TID, logTid);
            settings.set(JournalProperty.LOG_SOURCE, logSource);
            settings.set(JournalProperty.LOG_CONTEXT, logContext);
            settings.set(JournalProperty.CONTEXT_PREFIX, contextPrefix);
            settings.set(JournalProperty.CONTEXT_INCLUDE, contextInclude);
            settings.set(JournalProperty.CONTEXT_EXCLUDE, contextExclude);
            settings.set(JournalProperty.LOG_MARKERS, logMarkers);
            settings.set(JournalProperty.STACK_TRACE_IN_MESSAGE, stackTraceInMessage);
            settings.set(JournalProperty.LOG_STACK_TRACE, logStackTrace);
            settings.set(JournalProperty.COLLECTOR_SAFE, collectorSafe);
            settings.set(JournalProperty.MAX_STACK_TRACE_SIZE, maxStackTraceSize);
            settings.set(JournalProperty.JMX, jmx);
            settings.set(JournalProperty.ASYNC, async);
            settings.set(JournalProperty.ASYNC_QUEUE_SIZE, asyncQueueSize);
            settings.set(JournalProperty.ASYNC_OVERFLOW, asyncOverflow);
            settings.set(JournalProperty.SEND_TIMEOUT, sendTimeoutMillis, "sendTimeoutMillis");
            for (JournalField field : fieldElements) {
                settings.field(field.name(), field.value());
            }
            StatusLoggerReporter reporter = new StatusLoggerReporter(name);
            Log4jEvents events = new Log4jEvents(
                    PriorityMap.SLF4J_STYLE.withOverrides(settings.priorityMapping()),
                    logThreadContext,
                    logMapMessage,
                    getLayout());
            LoggerContext context =
                    getConfiguration() != null ? getConfiguration().getLoggerContext() : null;
            JournalManager manager;
            // A configuration with errors gets a manager of its own, which reports them and never
            // contacts journald (see JournalSink); a valid one shares by its settings.
            String key = settings.problems().isEmpty()
                    ? "Journal " + settings.sharingKey()
                    : "Journal with configuration errors, appender " + name + " #" + INVALID.incrementAndGet();
            try {
                manager = JournalManager.getManager(key, new JournalManager.FactoryData(context, settings, name));
            } catch (RuntimeException e) {
                LOGGER.error("Journal appender [{}]: cannot open the journal client: {}", name, e.getMessage(), e);
                return null;
            }
            return new JournalAppender(
                    name,
                    getFilter(),
                    getLayout(),
                    isIgnoreExceptions(),
                    getPropertyArray(),
                    manager,
                    new EventMapper<>(settings, events, reporter));
        }
    }
}
