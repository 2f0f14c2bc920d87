package io.github.systemd4j.journal.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own, configured by nothing but its command line, such as an adapter's stdin logger
 * ({@link JournalAdapterContract#defaultsJvm}), each line written with {@link #log} becoming an
 * event: standard output and error are collected, so that a test sees exactly what a user's terminal
 * would show.
 */
public final class DefaultsJvm implements AutoCloseable {
    private final Process process;
    private final OutputStream stdin;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread[] pumps;

    private DefaultsJvm(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.pumps = new Thread[] {pump(process.getInputStream(), stdout), pump(process.getErrorStream(), stderr)};
    }

    /**
     * Starts {@code java --enable-native-access=ALL-UNNAMED -cp TEST_CLASS_PATH ARGS} on the JDK running
     * the tests (the option keeps Java 22+'s native-access warning off stderr; Java 17 accepts it).
     *
     * @param args JVM options, the main class and its arguments
     * @return the running JVM
     */
    public static DefaultsJvm start(List<String> args) throws IOException {
        return start(List.of(), args);
    }

    /**
     * Starts {@code java --enable-native-access=ALL-UNNAMED -cp TEST_CLASS_PATH:MORE ARGS}.
     *
     * @param more class path entries after the test class path, such as a logging bridge's jar
     * @param args JVM options, the main class and its arguments
     * @return the running JVM
     */
    public static DefaultsJvm start(List<Path> more, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        // Surefire and Failsafe hide the test class path behind a booter jar.
        StringBuilder classPath = new StringBuilder(
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        more.forEach(entry -> classPath.append(java.io.File.pathSeparatorChar).append(entry));
        command.add(classPath.toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        // Not under the build's own systemd service, if any: stderr is a pipe here, never the journal.
        pb.environment().remove("JOURNAL_STREAM");
        return new DefaultsJvm(pb.start());
    }

    private static Thread pump(InputStream from, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = from.read(buffer)) > 0; ) {
                    synchronized (to) {
                        to.write(buffer, 0, n);
                    }
                }
            } catch (IOException closed) {
                // the process is gone
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Logs a line as an INFO event of {@code com.example.Billing}.
     *
     * @param message the message, without line breaks
     */
    public void log(String message) {
        try {
            stdin.write((message + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the JVM stopped reading: " + stderr(), e);
        }
    }

    /** What the JVM wrote to standard error so far. */
    public String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    /** What the JVM wrote to standard output so far. */
    public String stdout() {
        synchronized (stdout) {
            return stdout.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * Waits until standard error contains a text (an entry on the stderr fallback, say).
     *
     * @throws AssertionError if it did not within the timeout
     */
    public void awaitStderr(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!stderr().contains(text)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("no \"" + text + "\" on stderr within " + timeout + ":\n" + stderr());
            }
            Thread.sleep(20);
        }
    }

    /**
     * Ends the input, so that the logger stops its framework and exits, and waits for it.
     *
     * @return what a terminal would have shown: what it wrote to standard output (where Logback prints
     *     its status), then what it wrote to standard error
     * @throws AssertionError if it did not exit with 0 within the timeout
     */
    public String finish(Duration timeout) throws IOException, InterruptedException {
        stdin.close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the JVM did not exit within " + timeout + ":\n" + stderr());
        }
        for (Thread pump : pumps) {
            pump.join(timeout.toMillis());
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("the JVM exited with " + process.exitValue() + ":\n" + stdout() + stderr());
        }
        return stdout() + stderr();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
