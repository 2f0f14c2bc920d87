package io.github.systemd4j.journal.mapping;

import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.JournalFields;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Writes a throwable as journal fields: {@code EXCEPTION} (class name), {@code EXCEPTION_MESSAGE}
 * (its message, when it has one) and, when enabled, {@code STACK_TRACE} (the complete trace with
 * causes and suppressed throwables, as {@link Throwable#printStackTrace()} prints it). Adapters
 * append the same trace to {@code MESSAGE} by default, so that plain {@code journalctl} shows it.
 *
 * <p>{@code journalctl -o json} shows values over 4096 bytes as {@code null} unless {@code --all} is
 * given; long traces are stored completely regardless.
 */
public final class ThrowableFields {
    private ThrowableFields() {}

    /**
     * Writes {@code EXCEPTION}, {@code EXCEPTION_MESSAGE} and optionally {@code STACK_TRACE}.
     *
     * @param entry the entry
     * @param className the throwable's class name
     * @param message its message, or null
     * @param stackTrace the rendered trace, or null to leave {@code STACK_TRACE} out
     */
    public static void write(JournalEntry entry, String className, String message, CharSequence stackTrace) {
        entry.add(JournalFields.EXCEPTION, className);
        if (message != null) {
            entry.add(JournalFields.EXCEPTION_MESSAGE, message);
        }
        if (stackTrace != null) {
            entry.add(JournalFields.STACK_TRACE, stackTrace);
        }
    }

    /**
     * Renders a throwable as {@link Throwable#printStackTrace()} does (causes, suppressed, "... n
     * more"), without a trailing line separator, into a reusable builder.
     *
     * @param throwable the throwable
     * @param out where to append
     * @return {@code out}
     */
    public static StringBuilder render(Throwable throwable, StringBuilder out) {
        int start = out.length();
        try (PrintWriter writer = new PrintWriter(new StringBuilderWriter(out))) {
            throwable.printStackTrace(writer);
        }
        // printStackTrace ends every line with the platform separator; the journal wants '\n' only.
        int end = out.length();
        int w = start;
        for (int r = start; r < end; r++) {
            char c = out.charAt(r);
            if (c != '\r') {
                out.setCharAt(w++, c);
            }
        }
        while (w > start && out.charAt(w - 1) == '\n') {
            w--;
        }
        out.setLength(w);
        return out;
    }

    /** A {@link Writer} into a {@link StringBuilder}, without the locking of {@code StringWriter}. */
    private static final class StringBuilderWriter extends Writer {
        private final StringBuilder out;

        StringBuilderWriter(StringBuilder out) {
            this.out = out;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            out.append(chars, offset, length);
        }

        @Override
        public void write(String s, int offset, int length) {
            out.append(s, offset, offset + length);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
