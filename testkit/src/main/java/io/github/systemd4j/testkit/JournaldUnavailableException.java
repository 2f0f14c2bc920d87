package io.github.systemd4j.testkit;

import java.io.IOException;

/** This machine cannot run a private journald; the message says what is missing. */
public final class JournaldUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param reason what is missing
     */
    public JournaldUnavailableException(String reason) {
        super(reason);
    }
}
