package io.github.systemd4j.notify;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Optional;

/** {@link HealthCheck#noDeadlocks()}: names the deadlocked threads and the locks they wait for. */
final class DeadlockCheck implements HealthCheck {
    private static final int MAX_THREADS_NAMED = 4;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @Override
    public Optional<String> check() {
        long[] ids = threads.isSynchronizerUsageSupported()
                ? threads.findDeadlockedThreads()
                : threads.findMonitorDeadlockedThreads();
        if (ids == null || ids.length == 0) {
            return Optional.empty();
        }
        StringBuilder reason =
                new StringBuilder("deadlock of ").append(ids.length).append(" threads: ");
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        int named = 0;
        for (ThreadInfo info : infos) {
            if (info == null) {
                continue; // ended meanwhile
            }
            if (named == MAX_THREADS_NAMED) {
                reason.append(", …");
                break;
            }
            reason.append(named++ == 0 ? "" : ", ")
                    .append('"')
                    .append(info.getThreadName())
                    .append("\" waits for ")
                    .append(info.getLockName())
                    .append(" held by \"")
                    .append(info.getLockOwnerName())
                    .append('"');
        }
        return Optional.of(reason.toString());
    }

    @Override
    public String toString() {
        return "noDeadlocks";
    }
}
