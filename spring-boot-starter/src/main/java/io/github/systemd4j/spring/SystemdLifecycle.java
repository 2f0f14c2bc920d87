package io.github.systemd4j.spring;

import io.github.systemd4j.notify.NotifyMessage;
import io.github.systemd4j.notify.SystemdNotifier;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.Environment;

/**
 * Tells systemd about the application's lifecycle: {@code READY=1} with a {@code STATUS=} when its
 * readiness becomes {@link ReadinessState#ACCEPTING_TRAFFIC} (after the web server started and the
 * runners ran), a {@code STATUS=} when it refuses traffic and when it accepts again, {@code
 * STOPPING=1} when its context closes. Starts the watchdog at readiness and stops it at close.
 * Sends that fail are logged, never thrown into the application's event publishing.
 */
final class SystemdLifecycle implements ApplicationListener<ApplicationEvent> {
    private static final Log LOG = LogFactory.getLog(SystemdLifecycle.class);

    private final SystemdNotifier notifier;
    private final SystemdWatchdog watchdog;
    private final ApplicationContext context;
    private final Environment environment;
    private String started;
    private boolean ready;
    private boolean stopping;

    SystemdLifecycle(
            SystemdNotifier notifier, SystemdWatchdog watchdog, ApplicationContext context, Environment environment) {
        this.notifier = notifier;
        this.watchdog = watchdog;
        this.context = context;
        this.environment = environment;
    }

    @Override
    public synchronized void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationReadyEvent) {
            ApplicationReadyEvent readyEvent = (ApplicationReadyEvent) event;
            if (readyEvent.getApplicationContext() == context) {
                Class<?> main = readyEvent.getSpringApplication().getMainApplicationClass();
                started = "Started " + (main == null ? "application" : main.getSimpleName()) + " in "
                        + seconds(readyEvent.getTimeTaken());
            }
        } else if (event instanceof AvailabilityChangeEvent) {
            Object state = ((AvailabilityChangeEvent<?>) event).getState();
            if (state instanceof ReadinessState && !stopping) {
                readiness((ReadinessState) state);
            }
        } else if (event instanceof ContextClosedEvent
                && ((ContextClosedEvent) event).getApplicationContext() == context
                && !stopping) {
            stopping = true;
            send(NotifyMessage.create().stopping().status("Stopping"));
            if (watchdog != null) {
                watchdog.close();
            }
        }
    }

    private void readiness(ReadinessState state) {
        if (state == ReadinessState.ACCEPTING_TRAFFIC) {
            if (!ready) {
                ready = true;
                send(NotifyMessage.create().ready().status(readyStatus()));
                if (watchdog != null) {
                    watchdog.start();
                }
            } else {
                send(NotifyMessage.create().status(readyStatus()));
            }
        } else if (ready) {
            send(NotifyMessage.create().status("Refusing traffic (readiness " + state + ")"));
        }
    }

    /** Such as {@code Started OrdersApplication in 4.2 s, listening on 8080}. */
    String readyStatus() {
        StringBuilder status = new StringBuilder(started == null ? "Ready" : started);
        String port = environment.getProperty("local.server.port");
        String management = environment.getProperty("local.management.port");
        if (port != null) {
            status.append(", listening on ").append(port);
            if (management != null && !management.equals(port)) {
                status.append(" (management ").append(management).append(')');
            }
        }
        return NotifyMessage.sanitize(status, SystemdApplicationListener.STATUS_BYTES);
    }

    private static String seconds(Duration duration) {
        return duration == null ? "?" : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private void send(NotifyMessage message) {
        try {
            notifier.send(message);
        } catch (IOException | RuntimeException e) {
            LOG.warn("systemd notification " + message + " failed: " + e);
        }
    }
}
