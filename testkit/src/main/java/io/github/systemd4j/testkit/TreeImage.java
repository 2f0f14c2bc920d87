package io.github.systemd4j.testkit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A root file tree as a Docker image: its name, {@code systemd4j/systemd:} and a hash of the tree's
 * file listing, and the build of the image ({@code FROM scratch}, {@code ADD rootfs.tar /}, which
 * keeps owners and modes) where the daemon does not have it.
 */
final class TreeImage {
    static final String REPOSITORY = "systemd4j/systemd";
    /** The image label that names the tree it was built from. */
    static final String TREE_LABEL = DockerDaemon.LABEL + ".tree";

    private final Path tree;
    private final String name;

    private TreeImage(Path tree, String name) {
        this.tree = tree;
        this.name = name;
    }

    /** The image of a tree (its real path), named by its listing. */
    static TreeImage of(Path tree) throws IOException {
        Path real = tree.toRealPath();
        return new TreeImage(real, REPOSITORY + ":" + listingHash(real));
    }

    /** {@code systemd4j/systemd:HASH}. */
    String name() {
        return name;
    }

    /**
     * A hash of a tree's file listing: every path with its permissions, size, modification time and
     * link target, in every directory that all users may list (of the others, only their own entry).
     * A user who cannot read every file computes it too, and comes to the same name as root. Changes
     * it cannot see: content edited in place with size and time kept, and what is inside directories
     * not every user may list.
     */
    static String listingHash(Path tree) throws IOException {
        SortedMap<String, String> lines = new TreeMap<>();
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                lines.put(tree.relativize(dir).toString(), line(dir, attributes));
                // Whoever computes it: the content of a directory not every user may list is left
                // out, so root and other users come to the same name.
                // (The tree's own root is listed whatever its mode: whoever cannot list it gets nothing.)
                int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                return (mode & 0005) == 0005 || dir.equals(tree)
                        ? FileVisitResult.CONTINUE
                        : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                lines.put(tree.relativize(file).toString(), line(file, attributes));
                return FileVisitResult.CONTINUE;
            }

            /** A directory all may list that this user still may not open (its parent's group): as root sees it. */
            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (!(e instanceof AccessDeniedException)) {
                    throw e;
                }
                BasicFileAttributes attributes =
                        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                lines.put(tree.relativize(file).toString(), line(file, attributes));
                return FileVisitResult.CONTINUE;
            }
        });
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        for (Map.Entry<String, String> e : lines.entrySet()) {
            digest.update((e.getKey() + "\0" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    private static String line(Path p, BasicFileAttributes a) throws IOException {
        Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return mode + "\0" + a.size() + "\0" + a.lastModifiedTime().toMillis()
                + (a.isSymbolicLink() ? "\0" + Files.readSymbolicLink(p) : "");
    }

    /**
     * Builds the image: GNU tar streams the tree, ordered by name with numeric owners, into the build
     * context. It runs twice, first to learn the archive's size for the context's header, so that
     * nothing of the tree's size is written to disk; a tree that changes in between fails the build,
     * and an image of a failed archive is removed again. (Docker's import endpoint would be the direct
     * way, but Testcontainers' client sends it no body.)
     */
    void build(DockerClient client) throws IOException {
        byte[] dockerfile = ("FROM scratch\nADD rootfs.tar /\nLABEL " + TREE_LABEL + "=\"" + tree + "\"\n")
                .getBytes(StandardCharsets.UTF_8);
        long size = archive(in -> in.transferTo(OutputStream.nullOutputStream()));
        try {
            archive(archive -> {
                InputStream context = new SequenceInputStream(Collections.enumeration(List.of(
                        new ByteArrayInputStream(Tar.file("Dockerfile", dockerfile)),
                        new ByteArrayInputStream(Tar.header("rootfs.tar", size)),
                        new Exactly(archive, size),
                        new ByteArrayInputStream(Tar.padding(size)),
                        new ByteArrayInputStream(Tar.end()))));
                client.buildImageCmd()
                        .withTarInputStream(context)
                        .withTags(Set.of(name))
                        .withLabels(Map.of(DockerDaemon.LABEL, "true"))
                        .exec(new BuildImageResultCallback())
                        .awaitImageId();
                return size;
            });
        } catch (IOException | RuntimeException e) {
            try {
                client.removeImageCmd(name).withForce(true).exec();
            } catch (RuntimeException notBuilt) {
                e.addSuppressed(notBuilt);
            }
            throw e;
        }
    }

    /** What to do with the tree's archive as tar writes it; returns a count. */
    private interface ArchiveReader {
        long read(InputStream archive) throws IOException;
    }

    /** Runs tar over the tree, hands its output to {@code reader}, and checks that tar succeeded. */
    private long archive(ArchiveReader reader) throws IOException {
        Path errors = Files.createTempFile("systemd4j-tar", ".err");
        try {
            Process tar = new ProcessBuilder(
                            "tar", "--sort=name", "--numeric-owner", "-C", tree.toString(), "-cf", "-", ".")
                    .redirectError(errors.toFile())
                    .start();
            long result;
            try (InputStream in = tar.getInputStream()) {
                result = reader.read(in);
            } catch (IOException | RuntimeException e) {
                tar.destroyForcibly();
                throw new IOException("building the image of " + tree + " failed: " + e.getMessage(), e);
            }
            int exit = tar.waitFor();
            if (exit != 0) {
                String said = Files.readString(errors).lines().limit(5).collect(Collectors.joining("\n"));
                throw new IOException("cannot build the image of " + tree + ": tar exited " + exit + ":\n" + said
                        + (said.contains("Permission denied")
                                ? "\n(a user who cannot read the whole tree cannot build it; run a test once as"
                                        + " root, which builds " + name + " for every user)"
                                : ""));
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted reading " + tree, e);
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    /** The first {@code size} bytes of an archive, which must have exactly that many. */
    private static final class Exactly extends FilterInputStream {
        private long left;

        Exactly(InputStream in, long size) {
            super(in);
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                if (in.read() >= 0) {
                    throw new IOException("the tree changed while it was read (its archive grew)");
                }
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the tree changed while it was read (its archive shrank)");
            }
            left -= n;
            return n;
        }
    }
}
