package io.github.systemd4j.testkit;

/**
 * Which systemd a {@link RealSystemd} boots, and from which file tree.
 *
 * <p>{@link #host()} boots the machine's own systemd: the container's root is an empty tmpfs with
 * the host's {@code /usr} mounted read-only ({@code systemd-nspawn --volatile=yes}), so nothing is
 * downloaded and nothing of the host's {@code /etc} or {@code /tmp} is visible or touched.
 */
public final class SystemdImage {
    private static final SystemdImage HOST = new SystemdImage("the host's /usr");

    private final String description;

    private SystemdImage(String description) {
        this.description = description;
    }

    /**
     * The host's systemd, from its {@code /usr}.
     *
     * @return the image
     */
    public static SystemdImage host() {
        return HOST;
    }

    /** The {@code systemd-nspawn} options that select the root tree. */
    String[] nspawnRootOptions() {
        return new String[] {"--directory=/", "--volatile=yes"};
    }

    @Override
    public String toString() {
        return description;
    }
}
