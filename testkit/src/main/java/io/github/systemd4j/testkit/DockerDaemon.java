package io.github.systemd4j.testkit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.github.systemd4j.testkit.RealSystemd.CommandResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;

/**
 * The Docker daemon the {@linkplain Backend#DOCKER Docker backend} uses, found the way Testcontainers
 * finds it ({@code DOCKER_HOST}, {@code ~/.testcontainers.properties}, the usual socket paths), once
 * per JVM.
 *
 * <p>Testcontainers' own lifecycle is not used: it would start its Ryuk container and its start-up
 * checks, both pulled from Docker Hub, which an air-gapped CI cannot reach. Clean-up is
 * deterministic instead: {@code close()} of each container removes it, a shutdown hook removes what
 * is left when the JVM exits, and the next JVM removes the containers of a JVM that was killed
 * (labelled with this kernel's boot id and the owning process, so another machine's containers on a
 * shared daemon are never touched).
 */
final class DockerDaemon {
    static final String LABEL = "io.github.systemd4j.testkit";
    private static final String OWNER_LABEL = LABEL + ".owner";
    private static final String BOOT_LABEL = LABEL + ".boot";
    private static final String IMAGE_REPOSITORY = "systemd4j/systemd";

    private static volatile Object instance; // a DockerDaemon, or the reason there is none

    private final DockerClient client;
    private final String bootId;
    private final String owner;
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    private DockerDaemon(DockerClient client) {
        this.client = client;
        this.bootId = readBootId();
        ProcessHandle self = ProcessHandle.current();
        this.owner = ownerOf(self).orElse(String.valueOf(self.pid()));
        removeLeftovers();
        Runtime.getRuntime().addShutdownHook(new Thread(this::removeAll, "systemd4j-testkit-docker-cleanup"));
    }

    /**
     * The daemon, or why there is none (no Docker reachable).
     *
     * @return a {@link DockerDaemon}, or a {@link String} with the reason
     */
    static Object find() {
        Object found = instance;
        if (found == null) {
            synchronized (DockerDaemon.class) {
                found = instance;
                if (found == null) {
                    found = connect();
                    instance = found;
                }
            }
        }
        return found;
    }

    private static Object connect() {
        try {
            List<DockerClientProviderStrategy> strategies = new ArrayList<>();
            ServiceLoader.load(DockerClientProviderStrategy.class, DockerDaemon.class.getClassLoader())
                    .forEach(strategies::add);
            DockerClient client = DockerClientProviderStrategy.getFirstValidStrategy(strategies)
                    .getDockerClient();
            client.pingCmd().exec();
            return new DockerDaemon(client);
        } catch (RuntimeException e) {
            return "no Docker daemon reachable (" + e.getMessage() + ")";
        }
    }

    /** The name of a running container's image for a systemd image, imported from its tree if needed. */
    String imageFor(SystemdImage image) throws IOException {
        String named = image.containerImageName();
        if (named != null) {
            if (!hasImage(named)) {
                pull(named);
            }
            return named;
        }
        Path tree = image.tree();
        String name = IMAGE_REPOSITORY + ":" + listingHash(tree);
        synchronized (this) {
            if (!hasImage(name)) {
                importTree(tree, name);
            }
        }
        return name;
    }

    private boolean hasImage(String name) {
        try {
            client.inspectImageCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private void pull(String name) throws IOException {
        try {
            client.pullImageCmd(name).start().awaitCompletion(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted pulling " + name, e);
        } catch (RuntimeException e) {
            throw new IOException("Docker has no image " + name + " and cannot pull it: " + e.getMessage(), e);
        }
    }

    /**
     * Builds an image whose only layer is the tree ({@code FROM scratch}, {@code ADD rootfs.tar /},
     * which keeps owners and modes): GNU tar streams the tree, ordered by name with numeric owners,
     * into the build context. It runs twice, first to learn the archive's size for the context's
     * header, so that nothing of the tree's size is written to disk. (Docker's import endpoint would
     * be the direct way, but Testcontainers' client sends it no body.)
     */
    private void importTree(Path tree, String name) throws IOException {
        byte[] dockerfile = ("FROM scratch\nADD rootfs.tar /\nLABEL " + LABEL + ".tree=\"" + tree + "\"\n")
                .getBytes(StandardCharsets.UTF_8);
        long size = treeArchive(tree, in -> in.transferTo(OutputStream.nullOutputStream()));
        treeArchive(tree, archive -> {
            InputStream context = new SequenceInputStream(Collections.enumeration(List.of(
                    new ByteArrayInputStream(Tar.file("Dockerfile", dockerfile)),
                    new ByteArrayInputStream(Tar.header("rootfs.tar", size)),
                    archive,
                    new ByteArrayInputStream(Tar.padding(size)),
                    new ByteArrayInputStream(Tar.end()))));
            client.buildImageCmd()
                    .withTarInputStream(context)
                    .withTags(Set.of(name))
                    .withLabels(Map.of(LABEL, "true"))
                    .exec(new BuildImageResultCallback())
                    .awaitImageId();
            return size;
        });
    }

    /** What to do with the tree's archive as tar writes it; returns a count. */
    private interface ArchiveReader {
        long read(InputStream archive) throws IOException;
    }

    /** Runs tar over the tree, hands its output to {@code reader}, and checks that tar succeeded. */
    private static long treeArchive(Path tree, ArchiveReader reader) throws IOException {
        Path errors = Files.createTempFile("systemd4j-tar", ".err");
        try {
            Process tar = new ProcessBuilder(
                            "tar", "--sort=name", "--numeric-owner", "-C", tree.toString(), "-cf", "-", ".")
                    .redirectError(errors.toFile())
                    .start();
            long result;
            try (InputStream in = tar.getInputStream()) {
                result = reader.read(in);
            } catch (RuntimeException e) {
                tar.destroyForcibly();
                throw new IOException("importing " + tree + " into Docker failed: " + e.getMessage(), e);
            }
            int exit = tar.waitFor();
            if (exit != 0) {
                throw new IOException("cannot import " + tree + " into Docker: tar exited " + exit + ":\n"
                        + Files.readString(errors).lines().limit(5).collect(Collectors.joining("\n"))
                        + "\n(as a user who cannot read the whole tree, run a test once as root, which"
                        + " builds the image for every user)");
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted reading " + tree, e);
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    /**
     * A hash of a tree's file listing: every path with its type, permissions, size, modification time
     * and link target, in every directory that all users may list (of others, only their own entry).
     * A user who cannot read every file can still compute it, and comes to the same name as root.
     */
    static String listingHash(Path tree) throws IOException {
        SortedMap<String, String> lines = new TreeMap<>();
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                lines.put(tree.relativize(dir).toString(), line(dir, attributes));
                // Whoever computes it: the content of a directory not every user may list is left
                // out, so root and other users come to the same name.
                int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                return (mode & 0005) == 0005 ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            /** A directory this user may not list: its own entry counts, its content cannot. */
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

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
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

    /** Creates and starts a container, labelled as this JVM's; returns its id. */
    String start(CreateContainerCmd create) {
        create.withLabels(Map.of(LABEL, "true", OWNER_LABEL, owner, BOOT_LABEL, bootId));
        String id = create.exec().getId();
        running.add(id);
        client.startContainerCmd(id).exec();
        return id;
    }

    /** The client, for creating containers. */
    DockerClient client() {
        return client;
    }

    /**
     * Runs a command in a container.
     *
     * @return its exit status and output, stdout and stderr interleaved as they came; stdout alone
     *     in {@code stdout} when it is not null
     */
    CommandResult exec(String id, Duration timeout, ByteArrayOutputStream stdout, String... command) {
        String exec = client.execCreateCmd(id)
                .withCmd(command)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .exec()
                .getId();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ResultCallback.Adapter<Frame> done = client.execStartCmd(exec).exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                byte[] payload = frame.getPayload();
                if (stdout != null && frame.getStreamType() == StreamType.STDOUT) {
                    stdout.write(payload, 0, payload.length);
                } else if (stdout == null || frame.getStreamType() == StreamType.STDERR) {
                    all.write(payload, 0, payload.length);
                }
            }
        });
        try {
            if (!done.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        Long exit = client.inspectExecCmd(exec).exec().getExitCodeLong();
        return new CommandResult(exit == null ? -1 : exit.intValue(), all.toString(StandardCharsets.UTF_8));
    }

    /** Runs journalctl in a container and parses what it prints; see {@link Journalctl#readJson}. */
    List<JournalRecord> journal(String id, List<String> journalctl, String... matches) {
        List<String> command = Journalctl.command(journalctl, matches);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        CommandResult result = exec(id, Duration.ofSeconds(60), stdout, command.toArray(new String[0]));
        try {
            return Journalctl.checked(
                    command,
                    result.exitCode(),
                    Journalctl.parse(new ByteArrayInputStream(stdout.toByteArray())),
                    result.output());
        } catch (IOException e) {
            throw new IllegalStateException(command + " printed what is not journal JSON", e);
        }
    }

    /** Kills a container's PID 1 with SIGKILL, as a crash would, and waits until it stopped. */
    void kill(String id) {
        try {
            client.killContainerCmd(id).withSignal("SIGKILL").exec();
        } catch (RuntimeException e) {
            if (isRunning(id)) {
                throw e;
            }
            return; // it had stopped already
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (isRunning(id) && System.nanoTime() - deadline < 0) {
            Processes.sleep(20);
        }
    }

    /** Starts a stopped container again, with what its writable layer holds. */
    void startAgain(String id) {
        client.startContainerCmd(id).exec();
    }

    /** The host's process id of a container's PID 1, -1 if it is not running. */
    long pid(String id) {
        Long pid = client.inspectContainerCmd(id).exec().getState().getPidLong();
        return pid == null || pid == 0 ? -1 : pid;
    }

    /** Whether a container is running. */
    boolean isRunning(String id) {
        return Boolean.TRUE.equals(
                client.inspectContainerCmd(id).exec().getState().getRunning());
    }

    /** The container's console (PID 1's output), for a failure message. */
    String logs(String id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            client.logContainerCmd(id)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withTail(200)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            out.write(frame.getPayload(), 0, frame.getPayload().length);
                        }
                    })
                    .awaitCompletion(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            return "(no logs: " + e.getMessage() + ")";
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Stops a container with its stop signal, waiting up to {@code timeout}, then removes it and
     * its anonymous volumes.
     */
    void remove(String id, Duration timeout) {
        try {
            client.stopContainerCmd(id).withTimeout((int) timeout.toSeconds()).exec();
        } catch (RuntimeException ignored) {
            // already stopped or gone; removing it below is what matters
        }
        forceRemove(id);
    }

    private void forceRemove(String id) {
        try {
            client.removeContainerCmd(id)
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
        } catch (NotFoundException ignored) {
            // already gone
        }
        running.remove(id);
    }

    private void removeAll() {
        for (String id : List.copyOf(running)) {
            try {
                forceRemove(id);
            } catch (RuntimeException ignored) {
                // the daemon went away first; nothing else to do at exit
            }
        }
    }

    /** Removes the containers of JVMs on this boot of this kernel that no longer run. */
    private void removeLeftovers() {
        List<Container> ours = client.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(BOOT_LABEL, bootId))
                .exec();
        for (Container c : ours) {
            String of = c.getLabels() == null ? null : c.getLabels().get(OWNER_LABEL);
            if (of != null && !isAlive(of)) {
                try {
                    forceRemove(c.getId());
                } catch (RuntimeException ignored) {
                    // another JVM removed it first
                }
            }
        }
    }

    private static boolean isAlive(String owner) {
        int at = owner.indexOf('@');
        long pid;
        try {
            pid = Long.parseLong(at < 0 ? owner : owner.substring(0, at));
        } catch (NumberFormatException e) {
            return true; // not ours to judge
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (at < 0) {
            return process.isPresent(); // its start time was unknown: a live pid may be it
        }
        return process.flatMap(DockerDaemon::ownerOf).map(owner::equals).orElse(false);
    }

    /** A process's identity: its pid and start time, so that a reused pid is not taken for it. */
    private static Optional<String> ownerOf(ProcessHandle process) {
        return process.info().startInstant().map(start -> process.pid() + "@" + start.toEpochMilli());
    }

    private static String readBootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
