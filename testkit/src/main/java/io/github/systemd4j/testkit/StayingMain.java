package io.github.systemd4j.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another class's {@code main}, then keeps the process alive until the test lets it go, so that
 * journald can still tell which unit an entry came from when it handles the entry.
 *
 * <p>Why: journald looks up the sender's cgroup in {@code /proc} only when it handles an entry, and
 * caches it per process. A process that exits right after logging, before a busy journald got to its
 * entries, leaves them without {@code _SYSTEMD_UNIT}, and {@code journalctl -u app} does not find
 * them (<a href="https://github.com/systemd/systemd/issues/2913">systemd#2913</a>). A test that reads
 * entries back by unit keeps the sender up until it has read them.
 *
 * <p>Arguments: the release mode, the main class, its arguments. {@value #UNTIL_STDIN_CLOSED} waits
 * for standard input to end ({@link ChildJvm#start}); {@value #UNTIL_STOPPED} until the process is
 * stopped ({@link RealSystemd#stayingJavaCommand}; the JVM ends with status 143 on {@code SIGTERM}).
 * If {@code main} throws, the process ends at once with that failure; if it calls {@code System.exit},
 * at once with that status.
 */
final class StayingMain {
    static final String UNTIL_STDIN_CLOSED = "--until-stdin-closed";
    static final String UNTIL_STOPPED = "--until-stopped";

    private StayingMain() {}

    /**
     * Runs {@code args[1]}'s main with {@code args[2..]}, then waits as {@code args[0]} says.
     *
     * @param args the release mode, the main class, its arguments
     * @throws Throwable what the main method threw
     */
    public static void main(String[] args) throws Throwable {
        String mode = args[0];
        if (!mode.equals(UNTIL_STDIN_CLOSED) && !mode.equals(UNTIL_STOPPED)) {
            throw new IllegalArgumentException("release mode must be " + UNTIL_STDIN_CLOSED + " or " + UNTIL_STOPPED);
        }
        Method main = Class.forName(args[1]).getDeclaredMethod("main", String[].class);
        // As the java launcher does: a main class need not be public (JUnit test classes rarely are).
        main.setAccessible(true);
        // What the main class sees as its command: journal-core derives SYSLOG_IDENTIFIER from it.
        System.setProperty("sun.java.command", String.join(" ", Arrays.copyOfRange(args, 1, args.length)));
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (mode.equals(UNTIL_STDIN_CLOSED)) {
            drain(System.in);
        } else {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // the test writes nothing; it closes the stream to let the process end
        }
    }
}
