package io.github.systemd4j.testkit;

import java.io.IOException;

/** This machine cannot boot a throw-away systemd; the message says what is missing. */
public final class SystemdUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param reason what is missing
     */
    public SystemdUnavailableException(String reason) {
        super(reason);
    }
}
