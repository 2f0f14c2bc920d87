package io.github.systemd4j.journal.jul;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.ErrorManager;

/** Keeps every report, for assertions; configured with the {@code errorManager} key. */
public final class RecordingErrorManager extends ErrorManager {
    /** One report. */
    record Report(int code, String message, Exception cause) {}

    private final List<Report> reports = new ArrayList<>();

    /** Created by the handler from the {@code errorManager} key. */
    public RecordingErrorManager() {}

    @Override
    public synchronized void error(String msg, Exception ex, int code) {
        reports.add(new Report(code, msg, ex));
    }

    synchronized List<Report> reports() {
        return List.copyOf(reports);
    }

    synchronized List<String> messages(int code) {
        List<String> out = new ArrayList<>();
        for (Report r : reports) {
            if (r.code() == code) {
                out.add(r.message());
            }
        }
        return out;
    }

    static RecordingErrorManager of(JournalHandler handler) {
        return (RecordingErrorManager) handler.getErrorManager();
    }
}
