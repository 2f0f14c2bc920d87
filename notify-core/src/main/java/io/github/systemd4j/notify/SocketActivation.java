package io.github.systemd4j.notify;

import io.github.systemd4j.socket.InheritedDescriptor;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The descriptors systemd passed to this process: sockets of {@code .socket} units (socket
 * activation) and descriptors handed back from the service's fd store after a restart.
 *
 * <pre>{@code
 * SocketActivation passed = SocketActivation.fromEnvironment();
 * ServerSocketChannel web = passed.serverSocketChannel("web")      // FileDescriptorName=web, or FDNAME=web
 *         .orElseGet(() -> bindNewListener());                     // not activated: bind our own
 * }</pre>
 *
 * <p><b>Environment</b> (the rules of {@code sd_listen_fds_with_names(3)}): the descriptors are 3 to
 * 3 + {@code LISTEN_FDS} − 1, and only if {@code LISTEN_PID} is this process (otherwise they were
 * meant for a parent and there are none); {@code LISTEN_FDNAMES} names them, separated by {@code :},
 * empty names kept; without it every name is {@code unknown}. Socket units name their sockets with
 * {@code FileDescriptorName=} (default: the socket unit's name), the fd store with {@code FDNAME=}
 * ({@code stored} if none was given); {@code connection} marks an {@code Accept=yes} connection.
 *
 * <p><b>Once per process.</b> {@link #fromEnvironment()} adopts the descriptors on its first call
 * (duplicating each with {@code FD_CLOEXEC} and closing the inherited number, see {@link
 * InheritedDescriptor}) and returns the same object afterwards: Java cannot unset the variables, and
 * adopting numbers twice would take over whatever reused them.
 *
 * <p><b>Releasing a socket.</b> Close the {@link InheritedDescriptor} (or this object), not the
 * channel first: junixsocket shuts a listening socket down when its channel is closed, which would
 * also stop the copy systemd keeps.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/sd_listen_fds.html">sd_listen_fds(3)</a>
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.socket.html">systemd.socket(5)</a>
 */
public final class SocketActivation implements Closeable {
    /** The first passed descriptor ({@code SD_LISTEN_FDS_START}). */
    public static final int FIRST_DESCRIPTOR = 3;

    private static SocketActivation processWide;

    private final List<String> names;
    private final List<InheritedDescriptor> descriptors;

    private SocketActivation(List<String> names, List<InheritedDescriptor> descriptors) {
        this.names = List.copyOf(names);
        this.descriptors = List.copyOf(descriptors);
    }

    /**
     * The descriptors passed to this process, adopted on the first call.
     *
     * @return the descriptors, empty when none were passed
     * @throws IllegalStateException if {@code LISTEN_FDS}, {@code LISTEN_PID} or {@code
     *     LISTEN_FDNAMES} is malformed
     * @throws IOException if a passed descriptor is not open
     */
    public static synchronized SocketActivation fromEnvironment() throws IOException {
        if (processWide == null) {
            List<String> names = names(NotifyEnvironment.current());
            List<InheritedDescriptor> adopted = new ArrayList<>();
            try {
                for (int i = 0; i < names.size(); i++) {
                    adopted.add(InheritedDescriptor.adopt(FIRST_DESCRIPTOR + i));
                }
            } catch (IOException | RuntimeException e) {
                adopted.forEach(InheritedDescriptor::close);
                throw e;
            }
            processWide = new SocketActivation(names, adopted);
        }
        return processWide;
    }

    /**
     * The names of the descriptors an environment passes, one per descriptor, in order.
     *
     * @param environment the variables and the process id
     * @return the names; empty if nothing was passed to this process
     * @throws IllegalStateException if the variables are malformed
     */
    static List<String> names(NotifyEnvironment environment) {
        Optional<String> listenPid = environment.get(NotifyEnvironment.LISTEN_PID);
        if (listenPid.isEmpty()) {
            return List.of();
        }
        if (NotifyEnvironment.parsePid(NotifyEnvironment.LISTEN_PID, listenPid.get()) != environment.pid()) {
            return List.of(); // meant for the process that started us
        }
        Optional<String> listenFds = environment.get(NotifyEnvironment.LISTEN_FDS);
        if (listenFds.isEmpty()) {
            return List.of();
        }
        long count = NotifyEnvironment.parseUnsigned(NotifyEnvironment.LISTEN_FDS, listenFds.get());
        if (count <= 0 || count > Integer.MAX_VALUE - FIRST_DESCRIPTOR) {
            throw new IllegalStateException(NotifyEnvironment.LISTEN_FDS + " must be positive: " + listenFds.get());
        }
        Optional<String> listenNames = environment.get(NotifyEnvironment.LISTEN_FDNAMES);
        if (listenNames.isEmpty()) {
            String[] unknown = new String[(int) count];
            Arrays.fill(unknown, "unknown");
            return List.of(unknown);
        }
        List<String> names = Arrays.asList(listenNames.get().split(":", -1)); // keeps empty names
        if (names.size() != count) {
            throw new IllegalStateException(NotifyEnvironment.LISTEN_FDNAMES + " has " + names.size() + " names for "
                    + count + " descriptors: " + listenNames.get());
        }
        return names;
    }

    /**
     * Whether no descriptors were passed.
     *
     * @return true when not socket-activated and nothing came from the fd store
     */
    public boolean isEmpty() {
        return descriptors.isEmpty();
    }

    /**
     * All passed descriptors, in order (socket units first, then the fd store).
     *
     * @return the descriptors
     */
    public List<InheritedDescriptor> descriptors() {
        return descriptors;
    }

    /**
     * The names, one per descriptor, in the same order.
     *
     * @return the names
     */
    public List<String> names() {
        return names;
    }

    /**
     * The descriptors of one name (several sockets may share a name).
     *
     * @param name such as {@code web}
     * @return the descriptors, possibly none
     */
    public List<InheritedDescriptor> descriptors(String name) {
        List<InheritedDescriptor> found = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                found.add(descriptors.get(i));
            }
        }
        return found;
    }

    /**
     * The first descriptor of a name.
     *
     * @param name such as {@code web}
     * @return the descriptor, empty if none has that name
     */
    public Optional<InheritedDescriptor> descriptor(String name) {
        return descriptors(name).stream().findFirst();
    }

    /**
     * The first descriptor of a name, as a listening stream socket.
     *
     * @param name such as {@code web}
     * @return the channel, empty if no descriptor has that name
     * @throws IOException if it is not a stream socket
     * @throws IllegalStateException if it already became a channel
     */
    public Optional<ServerSocketChannel> serverSocketChannel(String name) throws IOException {
        Optional<InheritedDescriptor> d = descriptor(name);
        return d.isPresent() ? Optional.of(d.get().asServerSocketChannel()) : Optional.empty();
    }

    /**
     * The first descriptor of a name, as a datagram socket.
     *
     * @param name such as {@code syslog}
     * @return the channel, empty if no descriptor has that name
     * @throws IOException if it is not a datagram socket
     * @throws IllegalStateException if it already became a channel
     */
    public Optional<DatagramChannel> datagramChannel(String name) throws IOException {
        Optional<InheritedDescriptor> d = descriptor(name);
        return d.isPresent() ? Optional.of(d.get().asDatagramChannel()) : Optional.empty();
    }

    /** Closes every passed descriptor (this process's copies; systemd keeps its own). */
    @Override
    public void close() {
        descriptors.forEach(InheritedDescriptor::close);
    }

    @Override
    public String toString() {
        return "SocketActivation" + names;
    }
}
