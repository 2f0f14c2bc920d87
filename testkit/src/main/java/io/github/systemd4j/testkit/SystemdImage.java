package io.github.systemd4j.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which systemd a {@link RealSystemd} boots, and from which file tree.
 *
 * <p>{@link #host()} boots the machine's own systemd: the container's root is an empty tmpfs with
 * the host's {@code /usr} mounted read-only ({@code systemd-nspawn --volatile=yes}), so nothing is
 * downloaded and nothing of the host's {@code /etc} or {@code /tmp} is visible or touched.
 *
 * <p>{@link #tree(Path)} boots the systemd of another distribution's root file tree, such as one made
 * by {@code debootstrap}, with {@code --volatile=overlay}: the container writes to a tmpfs over the
 * tree, which itself is never changed, so one tree serves any number of containers. {@link
 * #trixie()} is the Debian 13 tree (systemd 257) that the project's {@code .ci/trixie-image} builds.
 *
 * <p>On the {@linkplain Backend#DOCKER Docker backend} a tree is imported as a Docker image once
 * (named {@code systemd4j/systemd:} and a hash of the tree's file listing, so a changed tree gets a
 * new image and an unchanged one is reused), and {@link #containerImage(String)} names an image
 * that Docker already has or can pull, such as one a Dockerfile built. {@link #host()} cannot be a
 * container image: the Docker backend needs one of the others.
 */
public final class SystemdImage {
    /** The system property that moves {@link #trixie()}'s tree elsewhere. */
    public static final String TRIXIE_PROPERTY = "systemd4j.image.trixie";

    /** Where {@code .ci/trixie-image} builds the Debian trixie tree. */
    public static final Path DEFAULT_TRIXIE_TREE = Path.of("/var/cache/systemd4j/trixie");

    /**
     * The system property that chooses the image {@link RealSystemdExtension} boots for test classes
     * without {@link WithSystemdImage}, as {@link #named(String)} reads it. Default: {@code host}.
     */
    public static final String IMAGE_PROPERTY = "systemd4j.testkit.image";

    private static final SystemdImage HOST = new SystemdImage("the host's /usr", null, null);

    private final String description;
    private final Path tree;
    private final String containerImage;

    private SystemdImage(String description, Path tree, String containerImage) {
        this.description = description;
        this.tree = tree;
        this.containerImage = containerImage;
    }

    /**
     * The host's systemd, from its {@code /usr}.
     *
     * @return the image
     */
    public static SystemdImage host() {
        return HOST;
    }

    /**
     * The systemd of a distribution's root file tree (with {@code /usr/lib/systemd/systemd}), booted
     * with a tmpfs overlay so the tree stays untouched.
     *
     * @param root the tree's root directory, absolute
     * @return the image
     */
    public static SystemdImage tree(Path root) {
        Objects.requireNonNull(root, "root");
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("tree root must be absolute: " + root);
        }
        return new SystemdImage("the tree " + root, root, null);
    }

    /**
     * Debian 13 (trixie) with systemd 257, from {@value #TRIXIE_PROPERTY} or else {@link
     * #DEFAULT_TRIXIE_TREE}. Build it with {@code debootstrap --variant=minbase
     * --include=systemd,systemd-sysv,dbus,procps trixie DIR} (the project's {@code .ci/trixie-image}
     * does, and reuses it).
     *
     * @return the image
     */
    public static SystemdImage trixie() {
        String configured = System.getProperty(TRIXIE_PROPERTY);
        Path root = configured == null || configured.isEmpty() ? DEFAULT_TRIXIE_TREE : Path.of(configured);
        return new SystemdImage("Debian trixie at " + root, root, null);
    }

    /**
     * A container image with systemd at {@code /usr/lib/systemd/systemd}, for the {@linkplain
     * Backend#DOCKER Docker backend} only: one the Docker daemon has (built from a Dockerfile, or
     * imported), or else pulls from its registry. The application under test runs on the test's JDK,
     * mounted in, so the image needs no Java.
     *
     * @param name such as {@code registry.example.com/base/systemd:13}
     * @return the image
     */
    public static SystemdImage containerImage(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("not a container image name: '" + name + "'");
        }
        return new SystemdImage("the container image " + name, null, name);
    }

    /**
     * The image {@value #IMAGE_PROPERTY} names, else {@link #host()}.
     *
     * @return the image
     * @throws IllegalArgumentException if the property names none
     */
    public static SystemdImage configured() {
        String name = System.getProperty(IMAGE_PROPERTY, "");
        return name.isBlank() ? host() : named(name.strip());
    }

    /**
     * The image a name stands for, as {@link WithSystemdImage} uses it.
     *
     * @param name {@code host}, {@code trixie}, the absolute path of a tree, or {@code docker:}
     *     followed by a {@linkplain #containerImage(String) container image}
     * @return the image
     * @throws IllegalArgumentException for any other name
     */
    public static SystemdImage named(String name) {
        switch (name) {
            case "host":
                return host();
            case "trixie":
                return trixie();
            default:
                if (name.startsWith("/")) {
                    return tree(Path.of(name));
                }
                if (name.startsWith("docker:")) {
                    return containerImage(name.substring("docker:".length()));
                }
                throw new IllegalArgumentException(
                        "not an image: " + name + " (host, trixie, an absolute path or docker:IMAGE)");
        }
    }

    /** Whether the container's {@code /usr} is the host's (so host programs under it are visible). */
    boolean isHost() {
        return tree == null && containerImage == null;
    }

    /** The root tree, or null for the host's and for a container image. */
    Path tree() {
        return tree;
    }

    /** The container image's name, or null if this is the host's or a tree. */
    String containerImageName() {
        return containerImage;
    }

    /** What to do if this image's tree is not on this machine; empty if it is, or for the host. */
    Optional<String> missing() {
        if (tree != null && !Files.isRegularFile(tree.resolve("usr/lib/systemd/systemd"))) {
            return Optional.of("no systemd tree at " + tree
                    + " (build it as root with the project's .ci/trixie-image, or debootstrap one there)");
        }
        return Optional.empty();
    }

    /** What {@code systemd-nspawn} cannot boot of this image; empty if it can. */
    Optional<String> missingForNspawn() {
        if (containerImage != null) {
            return Optional.of(description + " needs the Docker backend (-D" + Backend.PROPERTY + "=docker)");
        }
        return missing();
    }

    /** What the Docker backend cannot boot of this image; empty if it can. */
    Optional<String> missingForDocker() {
        if (isHost()) {
            return Optional.of("the host's systemd cannot boot in Docker: choose an image, such as"
                    + " @WithSystemdImage(\"trixie\") or -D" + IMAGE_PROPERTY + "=trixie");
        }
        return missing();
    }

    /** The {@code systemd-nspawn} options that select the root tree. */
    String[] nspawnRootOptions() {
        return tree == null
                ? new String[] {"--directory=/", "--volatile=yes"}
                : new String[] {"--directory=" + tree, "--volatile=overlay"};
    }

    /** Environment for {@code systemd-nspawn}. */
    Map<String, String> nspawnEnvironment() {
        // systemd 256 and later refuse the hybrid cgroup layout that nspawn 252 sets up on a hybrid
        // host; a pure cgroup2 tree works for every version.
        return tree == null ? Map.of() : Map.of("SYSTEMD_NSPAWN_UNIFIED_HIERARCHY", "1");
    }

    @Override
    public String toString() {
        return description;
    }
}
