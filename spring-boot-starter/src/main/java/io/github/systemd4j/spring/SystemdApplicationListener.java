package io.github.systemd4j.spring;

import io.github.systemd4j.notify.NotifyEnvironment;
import io.github.systemd4j.notify.NotifyMessage;
import io.github.systemd4j.notify.SystemdNotifier;
import io.github.systemd4j.notify.TimeoutExtender;
import java.io.IOException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * What must happen before the application context exists, registered in {@code
 * META-INF/spring.factories}: right after Spring Boot initialised its logging system, the journal
 * appender is added, and {@code EXTEND_TIMEOUT_USEC} starts to go out; the notifier that sends it is
 * then handed to the context as the {@code systemdNotifier} bean, so that {@code READY=1} from the
 * auto-configuration stops the extension on the same socket.
 */
final class SystemdApplicationListener implements GenericApplicationListener {
    /** Right after Spring Boot's {@code LoggingApplicationListener} (highest precedence + 20). */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 21;

    /** The name of the notifier bean this listener registers. */
    static final String NOTIFIER_BEAN = "systemdNotifier";

    /** The longest status text the starter sends, leaving room in the datagram. */
    static final int STATUS_BYTES = 1024;

    private static final Log LOG = LogFactory.getLog(SystemdApplicationListener.class);

    private final SystemdEnvironment environment;
    private final NotifyEnvironment notifyEnvironment;
    private SystemdNotifier notifier;
    private TimeoutExtender extender;

    /** The listener Spring Boot instantiates: this process's environment. */
    SystemdApplicationListener() {
        this(SystemdEnvironment.current(), NotifyEnvironment.current());
    }

    /** A listener for a given environment (tests). */
    SystemdApplicationListener(SystemdEnvironment environment, NotifyEnvironment notifyEnvironment) {
        this.environment = environment;
        this.notifyEnvironment = notifyEnvironment;
    }

    @Override
    public boolean supportsEventType(ResolvableType eventType) {
        Class<?> type = eventType.getRawClass();
        return type != null
                && (ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
                        || ApplicationPreparedEvent.class.isAssignableFrom(type)
                        || ApplicationFailedEvent.class.isAssignableFrom(type));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent) {
            environmentPrepared(((ApplicationEnvironmentPreparedEvent) event).getEnvironment());
        } else if (event instanceof ApplicationPreparedEvent) {
            SystemdNotifier n = notifier;
            var beans =
                    ((ApplicationPreparedEvent) event).getApplicationContext().getBeanFactory();
            if (n != null && !beans.containsBean(NOTIFIER_BEAN)) {
                beans.registerSingleton(NOTIFIER_BEAN, n);
            }
        } else if (event instanceof ApplicationFailedEvent) {
            failed(((ApplicationFailedEvent) event).getException());
        }
    }

    private synchronized void environmentPrepared(ConfigurableEnvironment springEnvironment) {
        Binder binder = Binder.get(springEnvironment);
        SystemdJournalProperties journal = binder.bindOrCreate("systemd4j.journal", SystemdJournalProperties.class);
        SystemdNotifyProperties notify = binder.bindOrCreate("systemd4j.notify", SystemdNotifyProperties.class);
        addJournalAppender(journal);
        if (notify.isEnabled() && notifier == null) {
            notifier = SystemdNotifier.fromEnvironment(notifyEnvironment);
            SystemdNotifyProperties.ExtendTimeout extend = notify.getExtendTimeout();
            if (extend.isEnabled() && notifier.isEnabled()) {
                // The first one now, on this thread: before anything else the application sends.
                try {
                    notifier.extendTimeout(extend.getExtension());
                } catch (IOException e) {
                    LOG.warn("EXTEND_TIMEOUT_USEC did not reach systemd: " + e);
                }
                extender = TimeoutExtender.start(notifier, extend.getExtension(), extend.getLimit());
            }
        }
    }

    private void addJournalAppender(SystemdJournalProperties journal) {
        Boolean enabled = journal.getEnabled();
        if (enabled == null ? !environment.isService() : !enabled) {
            return;
        }
        boolean removeConsole = !journal.isKeepConsole() && environment.isConsoleJournal();
        SystemdJournalLogging.Outcome outcome = SystemdJournalLogging.install(journal, removeConsole);
        switch (outcome) {
            case ADDED:
                LOG.debug("Journal appender " + SystemdJournalLogging.APPENDER_NAME + " added"
                        + (removeConsole ? "; console appender removed (standard output is the journal)" : ""));
                break;
            case CONFIGURED_BY_USER:
                LOG.debug("The logging configuration has a journal appender of its own; none added");
                break;
            default:
                LOG.warn("No journal logging: Spring Boot's logging system is neither Logback nor Log4j2");
        }
    }

    private synchronized void failed(Throwable exception) {
        if (extender != null) {
            extender.close();
        }
        if (notifier != null) {
            try {
                // systemd shows why in "systemctl status" next to the failed start.
                notifier.status(NotifyMessage.sanitize("Failed to start: " + exception, STATUS_BYTES));
            } catch (IOException | RuntimeException e) {
                LOG.debug("STATUS= after the failed start did not reach systemd", e);
            }
        }
    }
}
