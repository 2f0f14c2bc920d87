package io.github.systemd4j.benchmarks;

import io.github.systemd4j.journal.internal.StatusReporter;

/** The benchmarks' sinks report to stderr: errors and warnings always, outage notices if asked to. */
final class StderrReporter implements StatusReporter {
    private final boolean notices;

    /**
     * @param notices whether outage notices are printed (off where an outage is the point)
     */
    StderrReporter(boolean notices) {
        this.notices = notices;
    }

    @Override
    public void notice(Notice notice, String message, Throwable cause) {
        if (notices) {
            System.err.println(notice + " " + message);
        }
    }

    @Override
    public void error(String message) {
        System.err.println("ERROR " + message);
    }

    @Override
    public void warn(String message, Throwable cause) {
        System.err.println("WARN " + message);
    }
}
