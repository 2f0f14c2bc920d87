/**
 * systemd4j notify-core: the sd_notify protocol (readiness, status, reload, stop, watchdog, timeout
 * extension, fd store, barrier) and socket activation, in pure Java.
 */
module io.github.systemd4j.notify {
    requires transitive io.github.systemd4j.socket;
    requires java.management; // deadlock detection (ThreadMXBean), the watchdog's MXBean
    requires jdk.unsupported; // sun.misc.Signal for the SIGHUP reload hook, used reflectively

    exports io.github.systemd4j.notify;
}
