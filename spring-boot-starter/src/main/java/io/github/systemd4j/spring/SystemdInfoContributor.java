package io.github.systemd4j.spring;

import io.github.systemd4j.journal.JournalClient;
import io.github.systemd4j.journal.JournalCounters;
import io.github.systemd4j.notify.SystemdNotifier;
import io.github.systemd4j.notify.WatchdogStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * {@code systemd} in Actuator's {@code info} endpoint: whether the application talks to systemd, the
 * watchdog's state, and each journal appender's counters (the numbers of the meters).
 */
final class SystemdInfoContributor implements InfoContributor {
    private final SystemdNotifier notifier;
    private final SystemdWatchdog watchdog;

    SystemdInfoContributor(SystemdNotifier notifier, SystemdWatchdog watchdog) {
        this.notifier = notifier;
        this.watchdog = watchdog;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> systemd = new LinkedHashMap<>();
        systemd.put("notify", notifier != null && notifier.isEnabled());
        Optional<WatchdogStatus> status = watchdog == null ? Optional.empty() : watchdog.status();
        Map<String, Object> dog = new LinkedHashMap<>();
        dog.put("active", status.isPresent());
        status.ifPresent(s -> {
            dog.put("healthy", s.isHealthy());
            dog.put("problems", s.problems());
            dog.put("pings", s.pings());
            dog.put("failedSends", s.failedSends());
        });
        systemd.put("watchdog", dog);
        Map<String, Object> journal = new LinkedHashMap<>();
        for (SystemdJournalLogging.Appender appender : SystemdJournalLogging.appenders()) {
            JournalClient client = appender.client().get();
            if (client != null) {
                JournalCounters c = client.counters();
                Map<String, Object> counts = new LinkedHashMap<>();
                counts.put("sent", c.sent());
                counts.put("fd", c.sentViaFd());
                counts.put("dropped", c.dropped());
                counts.put("failed", c.failed());
                counts.put("truncated", c.truncated());
                journal.put(appender.name(), counts);
            }
        }
        systemd.put("journal", journal);
        builder.withDetail("systemd", systemd);
    }
}
