package io.github.systemd4j.journal.contract;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Standard output or error redirected into memory until closed. An adapter's fallback stream is the
 * one current when it starts, so capture before configuring it.
 */
public final class Captured implements AutoCloseable {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream original;
    private final Consumer<PrintStream> restore;

    private Captured(Supplier<PrintStream> current, Consumer<PrintStream> set) {
        this.original = current.get();
        this.restore = set;
        set.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    /**
     * Captures {@code System.out}.
     *
     * @return the capture
     */
    public static Captured stdout() {
        return new Captured(() -> System.out, System::setOut);
    }

    /**
     * Captures {@code System.err}.
     *
     * @return the capture
     */
    public static Captured stderr() {
        return new Captured(() -> System.err, System::setErr);
    }

    /**
     * What was written so far.
     *
     * @return the text
     */
    public String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Restores the original stream. */
    @Override
    public void close() {
        restore.accept(original);
    }
}
