package io.github.systemd4j.journal.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A {@link StatusReporter} that records each report as {@code KIND message}: {@code UNAVAILABLE},
 * {@code BACK} (notices), {@code ERROR}, {@code WARN}.
 */
final class RecordingReporter implements StatusReporter {
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final Consumer<String> also;

    /** Records only. */
    RecordingReporter() {
        this(report -> {});
    }

    /** Records and passes each report on, such as to standard output. */
    RecordingReporter(Consumer<String> also) {
        this.also = also;
    }

    @Override
    public void notice(Notice notice, String message, Throwable cause) {
        add(notice + " " + message);
    }

    @Override
    public void error(String message) {
        add("ERROR " + message);
    }

    @Override
    public void warn(String message, Throwable cause) {
        add("WARN " + message);
    }

    private void add(String report) {
        reports.add(report);
        also.accept(report);
    }

    /** The reports so far, oldest first. */
    List<String> reports() {
        return List.copyOf(reports);
    }

    /** Forgets the reports so far. */
    void clear() {
        reports.clear();
    }
}
