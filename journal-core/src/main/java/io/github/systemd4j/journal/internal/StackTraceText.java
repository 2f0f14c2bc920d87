package io.github.systemd4j.journal.internal;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * A throwable's stack trace as journal text: what {@link Throwable#printStackTrace()} prints (causes,
 * suppressed throwables, "... n more"), with {@code \n} line breaks only and no final one.
 *
 * <p>{@code journalctl -o json} shows values over 4096 bytes as {@code null} unless {@code --all} is
 * given; long traces are stored completely regardless.
 */
public final class StackTraceText {
    private StackTraceText() {}

    /**
     * Appends a throwable's trace as {@code printStackTrace} prints it; {@link #clean} makes journal
     * text of it.
     *
     * @param throwable the throwable
     * @param out where to append
     */
    public static void append(Throwable throwable, StringBuilder out) {
        try (PrintWriter writer = new PrintWriter(new StringBuilderWriter(out))) {
            throwable.printStackTrace(writer);
        }
    }

    /**
     * Removes carriage returns (the platform line separator may have them) and final line breaks from
     * the text appended since {@code start}.
     *
     * @param out the text
     * @param start where the trace begins
     */
    public static void clean(StringBuilder out, int start) {
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
