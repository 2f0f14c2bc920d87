/**
 * The sd_notify protocol and socket activation for Java services under systemd.
 *
 * <ul>
 *   <li>{@link io.github.systemd4j.notify.SystemdNotifier}: readiness, status, reload, stop, errors,
 *       watchdog pings, timeout extension, the fd store and the barrier; a no-op outside systemd.
 *   <li>{@link io.github.systemd4j.notify.NotifyMessage}: several assignments in one datagram, with
 *       every rule of the service manager checked before sending.
 *   <li>{@link io.github.systemd4j.notify.Watchdog} with {@link io.github.systemd4j.notify.Heartbeat}
 *       and {@link io.github.systemd4j.notify.HealthCheck}: pings only while the application works.
 *   <li>{@link io.github.systemd4j.notify.TimeoutExtender}: long starts and stops within short
 *       timeouts.
 *   <li>{@link io.github.systemd4j.notify.ReloadHandler}: {@code SIGHUP} to {@code RELOADING=1},
 *       reload, {@code READY=1}.
 *   <li>{@link io.github.systemd4j.notify.SocketActivation}: sockets from {@code .socket} units and
 *       the fd store as channels.
 *   <li>{@link io.github.systemd4j.notify.NotifyEnvironment}: the variables behind all of it,
 *       injectable for tests.
 * </ul>
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html">sd_notify(3)</a>
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/sd_listen_fds.html">sd_listen_fds(3)</a>
 */
package io.github.systemd4j.notify;
