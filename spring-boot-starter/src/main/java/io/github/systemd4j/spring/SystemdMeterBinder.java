package io.github.systemd4j.spring;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalCounters;
import io.github.systemd4j.notify.WatchdogStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;

/**
 * Micrometer meters of the journal appenders in use (the starter's or the application's own) and of
 * the watchdog. Journal meters are tagged {@code appender=<name>}; each counts since its appender
 * started:
 *
 * <ul>
 *   <li>{@code systemd4j.journal.entries.sent}: entries journald accepted;
 *   <li>{@code systemd4j.journal.entries.fd}: of those, entries too large for one datagram, passed
 *       as a file descriptor;
 *   <li>{@code systemd4j.journal.entries.dropped}: entries lost while journald was absent or its
 *       queue full for the whole send timeout;
 *   <li>{@code systemd4j.journal.entries.failed}: entries lost to other errors;
 *   <li>{@code systemd4j.journal.entries.truncated}: sent entries cut to the size limit.
 * </ul>
 *
 * <p>Watchdog: {@code systemd4j.watchdog.healthy} (gauge: 1 while the checks pass, 0 while the pings
 * are stopped, no value while no watchdog runs), {@code systemd4j.watchdog.pings} and {@code
 * systemd4j.watchdog.send.failures} (counters). Turn them off the Micrometer way: {@code
 * management.metrics.enable.systemd4j=false}.
 */
final class SystemdMeterBinder implements MeterBinder {
    private final SystemdWatchdog watchdog;
    // Micrometer holds a meter's object weakly: these must live as long as the binder.
    private final List<SystemdJournalLogging.Appender> appenders = new CopyOnWriteArrayList<>();

    SystemdMeterBinder(SystemdWatchdog watchdog) {
        this.watchdog = watchdog;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        List<SystemdJournalLogging.Appender> found = SystemdJournalLogging.appenders();
        appenders.addAll(found);
        for (SystemdJournalLogging.Appender appender : found) {
            journal(registry, appender, "sent", "entries journald accepted", JournalCounters::sent);
            journal(registry, appender, "fd", "entries passed as a file descriptor", JournalCounters::sentViaFd);
            journal(
                    registry,
                    appender,
                    "dropped",
                    "entries lost while journald was unavailable",
                    JournalCounters::dropped);
            journal(registry, appender, "failed", "entries lost to other send errors", JournalCounters::failed);
            journal(registry, appender, "truncated", "entries cut to the size limit", JournalCounters::truncated);
        }
        if (watchdog != null) {
            Gauge.builder(
                            "systemd4j.watchdog.healthy",
                            watchdog,
                            w -> w.status().map(s -> s.isHealthy() ? 1.0 : 0.0).orElse(Double.NaN))
                    .description("1 while the watchdog's checks pass, 0 while its pings are stopped")
                    .register(registry);
            FunctionCounter.builder("systemd4j.watchdog.pings", watchdog, w -> watchdogCount(w, WatchdogStatus::pings))
                    .description("watchdog pings sent")
                    .register(registry);
            FunctionCounter.builder(
                            "systemd4j.watchdog.send.failures",
                            watchdog,
                            w -> watchdogCount(w, WatchdogStatus::failedSends))
                    .description("watchdog notifications that could not be sent")
                    .register(registry);
        }
    }

    private static void journal(
            MeterRegistry registry,
            SystemdJournalLogging.Appender appender,
            String what,
            String description,
            ToLongFunction<JournalCounters> counter) {
        FunctionCounter.builder("systemd4j.journal.entries." + what, appender, a -> {
                    JournalClient client = a.client().get();
                    return client == null ? Double.NaN : counter.applyAsLong(client.counters());
                })
                .description(description)
                .baseUnit("entries")
                .tag("appender", appender.name())
                .register(registry);
    }

    private static double watchdogCount(SystemdWatchdog watchdog, ToLongFunction<WatchdogStatus> count) {
        Optional<WatchdogStatus> status = watchdog.status();
        return status.isPresent() ? count.applyAsLong(status.get()) : 0;
    }
}
