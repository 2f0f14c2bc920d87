/**
 * AF_UNIX datagram plumbing shared by the journal and notify clients.
 *
 * <ul>
 *   <li>{@link io.github.systemd4j.socket.UnixAddress}: a filesystem path or an {@code @abstract}
 *       name, encoded in UTF-8 with the exact socket-address length.
 *   <li>{@link io.github.systemd4j.socket.DatagramSender}: one datagram per call, file descriptors
 *       with an empty payload, bounded blocking, errors classified as {@link
 *       io.github.systemd4j.socket.SendFailure}.
 *   <li>{@link io.github.systemd4j.socket.PayloadFile}: a sealed memfd (Java 22+) or an unlinked
 *       {@code /dev/shm} file that carries a payload too large for one datagram.
 *   <li>{@link io.github.systemd4j.socket.DatagramReceiver}: the receiving side, used by test kits.
 *   <li>{@link io.github.systemd4j.socket.SocketTransport}: which native transport this JVM uses (FFM
 *       on Java 22+, junixsocket before), whether it works, and what fixes it when it does not.
 *   <li>{@link io.github.systemd4j.socket.InheritedDescriptor}: a descriptor inherited by number
 *       (socket activation, the fd store), adopted with {@code FD_CLOEXEC} and viewed as a channel.
 *   <li>{@link io.github.systemd4j.socket.ChannelDescriptors}: the descriptor behind a JDK socket
 *       channel, to pass it on.
 *   <li>{@link io.github.systemd4j.socket.HangupPipe}: a pipe that waits until every copy of its
 *       write end is closed (the notify barrier).
 * </ul>
 *
 * @see <a href="https://systemd.io/JOURNAL_NATIVE_PROTOCOL/">Native Journal Protocol</a>
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html">sd_notify(3)</a>
 */
package io.github.systemd4j.socket;
