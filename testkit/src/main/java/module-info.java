/**
 * systemd4j testkit: a fake journald, a real private journald for JUnit 5, journalctl reading, and
 * child processes placed in a systemd unit's cgroup.
 */
module io.github.systemd4j.testkit {
    requires transitive io.github.systemd4j.socket;
    requires transitive org.junit.jupiter.api;
    requires com.fasterxml.jackson.core;

    exports io.github.systemd4j.testkit;
}
