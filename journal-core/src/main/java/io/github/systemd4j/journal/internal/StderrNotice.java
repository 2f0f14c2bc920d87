package io.github.systemd4j.journal.internal;

import io.github.systemd4j.journal.JournalStream;

/**
 * Prints a message an adapter shows itself because its framework would not show it by default (see
 * {@link StatusReporter}): one line on standard error, {@code systemd4j: TEXT}. When stderr is itself
 * the journal ({@link JournalStream}), the line starts with a syslog priority prefix ({@code <4>}),
 * so journald's stream reader keeps its priority.
 */
public final class StderrNotice {
    /** {@code LOG_ERR}. */
    public static final int ERROR = 3;

    /** {@code LOG_WARNING}. */
    public static final int WARNING = 4;

    /** {@code LOG_NOTICE}. */
    public static final int NOTICE = 5;

    private static final boolean JOURNAL = JournalStream.isStderrJournal();

    private StderrNotice() {}

    /**
     * Prints one line on the current {@code System.err}.
     *
     * @param text the text, naming the adapter; line breaks become spaces
     * @param priority {@link #ERROR}, {@link #WARNING} or {@link #NOTICE}
     */
    public static void print(String text, int priority) {
        String line = "systemd4j: " + text.replace('\n', ' ');
        System.err.println(JOURNAL ? "<" + priority + ">" + line : line);
    }

    /**
     * The priority of a notice.
     *
     * @param notice the notice
     * @return {@link #WARNING} for a problem, else {@link #NOTICE}
     */
    public static int priority(StatusReporter.Notice notice) {
        return notice.isProblem() ? WARNING : NOTICE;
    }
}
