package io.github.systemd4j.testkit;

import java.util.Locale;

/**
 * Where {@link RealSystemd} boots its systemd and {@link RealJournald} runs its journald.
 *
 * <p>{@link #NSPAWN} uses this host directly: {@code systemd-nspawn} and a private journal
 * namespace, which needs root. {@link #DOCKER} runs both in Docker containers through
 * Testcontainers' Docker client (so {@code DOCKER_HOST} and {@code ~/.testcontainers.properties}
 * apply), which needs no root, only a Docker daemon on this machine's kernel and {@code
 * org.testcontainers:testcontainers} on the test class path. {@link #AUTO}, the default, takes
 * {@link #NSPAWN} where this machine can and {@link #DOCKER} otherwise.
 *
 * <p>The system property {@value #PROPERTY} ({@code auto}, {@code nspawn} or {@code docker}) chooses
 * for {@link RealSystemdExtension} and {@link RealJournaldExtension}, and is the builders' default.
 */
public enum Backend {
    /** {@link #NSPAWN} where this machine has what it needs, else {@link #DOCKER}. */
    AUTO,
    /** This host: {@code systemd-nspawn} and {@code unshare} as root. */
    NSPAWN,
    /** A Docker daemon, through Testcontainers. */
    DOCKER;

    /** The system property that chooses the backend: {@code auto}, {@code nspawn} or {@code docker}. */
    public static final String PROPERTY = "systemd4j.testkit.backend";

    /**
     * The backend {@value #PROPERTY} names; {@link #AUTO} if it is not set.
     *
     * @return the backend
     * @throws IllegalArgumentException if the property names none
     */
    public static Backend configured() {
        String value = System.getProperty(PROPERTY, "");
        if (value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "-D" + PROPERTY + "=" + value + " names no backend (auto, nspawn or docker)", e);
        }
    }
}
