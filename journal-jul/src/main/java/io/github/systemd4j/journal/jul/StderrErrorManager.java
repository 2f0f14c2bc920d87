package io.github.systemd4j.journal.jul;

import java.io.IOException;
import java.io.PrintStream;
import java.util.logging.ErrorManager;

/**
 * An {@link ErrorManager} that prints every report to standard error, where JUL's default prints only
 * the first one of a handler and then nothing, ever. {@link JournalHandler} rate-limits its own send
 * failures, so this stays quiet during a long outage.
 *
 * <pre>{@code
 * io.github.systemd4j.journal.jul.JournalHandler.errorManager=io.github.systemd4j.journal.jul.StderrErrorManager
 * }</pre>
 *
 * One line per report, {@code [WRITE_FAILURE] message: cause}; the stack trace is added for
 * causes that are not I/O errors (an I/O error's message already says what went wrong). Works for any
 * handler.
 */
public final class StderrErrorManager extends ErrorManager {
    private static final String[] CODES = {
        "GENERIC_FAILURE", "WRITE_FAILURE", "FLUSH_FAILURE", "CLOSE_FAILURE", "OPEN_FAILURE", "FORMAT_FAILURE"
    };

    /** Creates the error manager; {@code logging.properties} calls this. */
    public StderrErrorManager() {}

    @Override
    public void error(String msg, Exception ex, int code) {
        // System.err is read each time: tests and containers replace it.
        PrintStream err = System.err;
        String kind = code >= 0 && code < CODES.length ? CODES[code] : "ERROR " + code;
        StringBuilder line = new StringBuilder("[").append(kind).append("] ");
        line.append(msg == null ? "" : msg);
        if (ex != null && (msg == null || !msg.contains(String.valueOf(ex.getMessage())))) {
            line.append(": ").append(ex);
        }
        synchronized (err) {
            err.println(line);
            if (ex != null && !(ex instanceof IOException)) {
                ex.printStackTrace(err);
            }
        }
    }
}
