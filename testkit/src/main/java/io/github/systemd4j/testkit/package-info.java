/**
 * Test support for code that writes to the systemd journal or talks to the service manager.
 *
 * <ul>
 *   <li>{@link io.github.systemd4j.testkit.FakeJournald}: an in-process stand-in that decodes what
 *       arrives on its socket (datagrams and passed files), for fast unit tests.
 *   <li>{@link io.github.systemd4j.testkit.RealJournald} with {@link
 *       io.github.systemd4j.testkit.RealJournaldExtension}: the real {@code systemd-journald} in a
 *       private journal namespace, read back with {@code journalctl}.
 *   <li>{@link io.github.systemd4j.testkit.CollectorCheck}: what a log collector reading {@code
 *       journalctl -o json} without {@code --all} gets as {@code null} or bytes instead of a string,
 *       and an assertion that it gets strings.
 *   <li>{@link io.github.systemd4j.testkit.UnitProcess}: a child process placed in the cgroup of a
 *       service such as {@code app.service}, so that {@code journalctl -u app} finds its entries.
 *   <li>{@link io.github.systemd4j.testkit.ChildJvm}: runs a class in a child JVM, optionally as
 *       another user.
 *   <li>{@link io.github.systemd4j.testkit.FakeNotifySocket}: an in-process {@code $NOTIFY_SOCKET}
 *       that records datagrams and descriptors and knows what PID 1 would ignore.
 *   <li>{@link io.github.systemd4j.testkit.RealSystemd} with {@link
 *       io.github.systemd4j.testkit.RealSystemdExtension}: a real systemd as PID 1 of a throw-away
 *       container, driven with systemctl and read with journalctl.
 * </ul>
 */
package io.github.systemd4j.testkit;
