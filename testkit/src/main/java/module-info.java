/**
 * systemd4j testkit: a fake journald and notification socket, a real private journald and a real
 * systemd as PID 1 of a throw-away container for JUnit 5, journalctl reading, and child processes
 * placed in a systemd unit's cgroup.
 */
// Testcontainers names no module of its own: its automatic module's name comes from the jar's file
// name. Both are optional (static): only the Docker backend loads them.
@SuppressWarnings({"requires-automatic", "module"})
module io.github.systemd4j.testkit {
    requires transitive io.github.systemd4j.socket;
    requires transitive org.junit.jupiter.api;
    requires com.fasterxml.jackson.core;
    requires static testcontainers;
    requires static com.github.dockerjava.api;

    exports io.github.systemd4j.testkit;
}
