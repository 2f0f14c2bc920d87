package io.github.systemd4j.testkit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.github.systemd4j.testkit.RealSystemd.CommandResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;

/**
 * The Docker daemon the {@linkplain Backend#DOCKER Docker backend} uses, found the way Testcontainers
 * finds it ({@code DOCKER_HOST}, {@code ~/.testcontainers.properties}, the usual socket paths), once
 * per JVM.
 *
 * <p>Testcontainers' own lifecycle is not used: it would start its Ryuk container and its start-up
 * checks, both pulled from Docker Hub, which an air-gapped CI cannot reach. Clean-up is
 * deterministic instead: {@code close()} of each container removes it, a shutdown hook removes what
 * is left when the JVM exits, and the next JVM removes the containers of a JVM that was killed. Each
 * container is labelled with the JVM that made it (pid and start time) and where it ran (machine id,
 * boot id, PID namespace, user); only containers of an earlier boot of this machine, or of this
 * boot, namespace and user whose JVM is gone, are removed, so another machine's or job's never are.
 */
final class DockerDaemon {
    static final String LABEL = "io.github.systemd4j.testkit";
    /** The JVM that created a container: its pid and start time. */
    private static final String OWNER_LABEL = LABEL + ".owner";
    /** Where that JVM ran: machine id, boot id, PID namespace and user. */
    private static final String MACHINE_LABEL = LABEL + ".machine";

    private static volatile Object instance; // a DockerDaemon, or the reason there is none

    private final DockerClient client;
    private final String machine;
    private final String owner;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Map<Path, String> treeImages = new HashMap<>(); // guarded by this

    private DockerDaemon(DockerClient client) {
        this.client = client;
        this.machine = machine();
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
        List<DockerClientProviderStrategy> strategies = new ArrayList<>();
        ServiceLoader.load(DockerClientProviderStrategy.class, DockerDaemon.class.getClassLoader())
                .forEach(strategies::add);
        DockerClient client;
        try {
            client = DockerClientProviderStrategy.getFirstValidStrategy(strategies)
                    .getDockerClient();
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            return "no Docker daemon reachable (" + e.getMessage() + ")";
        }
        return new DockerDaemon(client);
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
        synchronized (this) {
            // Named once per tree and JVM: the listing walks the whole tree.
            String known = treeImages.get(image.tree());
            if (known != null && hasImage(known)) {
                return known;
            }
            TreeImage tree = TreeImage.of(image.tree());
            if (!hasImage(tree.name())) {
                tree.build(client);
            }
            treeImages.put(image.tree(), tree.name());
            return tree.name();
        }
    }

    private boolean hasImage(String name) {
        try {
            client.inspectImageCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Pulls an image from the daemon's registry, its {@code latest} tag where the name has none. */
    private void pull(String name) throws IOException {
        boolean tagged =
                name.contains("@") || name.substring(name.lastIndexOf('/') + 1).contains(":");
        try {
            client.pullImageCmd(tagged ? name : name + ":latest").start().awaitCompletion(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted pulling " + name, e);
        } catch (RuntimeException e) {
            throw new IOException("Docker has no image " + name + " and cannot pull it: " + e.getMessage(), e);
        }
    }

    /** Creates and starts a container, labelled as this JVM's; returns its id. Removes it if it does not start. */
    String start(CreateContainerCmd create) {
        create.withLabels(Map.of(LABEL, "true", OWNER_LABEL, owner, MACHINE_LABEL, machine));
        String id = create.exec().getId();
        running.add(id);
        try {
            client.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            try {
                forceRemove(id);
            } catch (RuntimeException notRemoved) {
                e.addSuppressed(notRemoved);
            }
            throw e;
        }
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

    /**
     * Removes the containers of JVMs that are gone: those of an earlier boot of this machine, and
     * those of this boot, PID namespace and user whose process no longer runs (the only processes
     * this one can be sure to see). Another machine's, namespace's or user's are left alone.
     */
    private void removeLeftovers() {
        List<Container> ours = client.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(LABEL))
                .exec();
        String thisMachine = machine.substring(0, machine.indexOf('/'));
        for (Container c : ours) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            String where = labels.getOrDefault(MACHINE_LABEL, "");
            String of = labels.get(OWNER_LABEL);
            boolean earlierBoot = where.startsWith(thisMachine + "/") && !where.equals(machine);
            boolean gone = where.equals(machine) && of != null && !isAlive(of);
            if (earlierBoot || gone) {
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

    /**
     * This JVM's place: machine id, then boot id, PID namespace and user, as {@code
     * MACHINE/BOOT:PIDNS:UID}.
     */
    private static String machine() {
        return read("/etc/machine-id") + "/" + read("/proc/sys/kernel/random/boot_id") + ":" + link("/proc/self/ns/pid")
                + ":" + uid();
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String link(String file) {
        try {
            return Files.readSymbolicLink(Path.of(file)).toString();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String uid() {
        try {
            return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException e) {
            return "unknown";
        }
    }
}
