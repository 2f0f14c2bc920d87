package io.github.systemd4j.journal.contract;

/**
 * A value whose {@code toString()} throws what it is given, the way half-built application objects
 * fail: for tests of how a context value that cannot be rendered is written.
 */
public final class FailingToString {
    private final Throwable failure;

    /**
     * A value that fails.
     *
     * @param failure thrown by every {@code toString()}: an {@link Error} or a {@link RuntimeException}
     */
    public FailingToString(Throwable failure) {
        if (!(failure instanceof Error) && !(failure instanceof RuntimeException)) {
            throw new IllegalArgumentException("toString() can throw only unchecked throwables: " + failure);
        }
        this.failure = failure;
    }

    /**
     * The text a value of this class is written as, per journal-core's {@code ValueText}.
     *
     * @param failure the throwable as {@code toString()} prints it, such as {@code
     *     java.lang.AssertionError: nested}
     * @return {@code [FAILED toString() of …FailingToString: <failure>]}
     */
    public static String writtenAs(String failure) {
        return "[FAILED toString() of " + FailingToString.class.getName() + ": " + failure + "]";
    }

    @Override
    public String toString() {
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        throw (RuntimeException) failure;
    }
}
