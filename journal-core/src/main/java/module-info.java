/**
 * systemd4j journal-core: a pure-Java writer for the systemd journal native protocol. Its {@code
 * internal} package, the event-to-entry mapping, settings and delivery policy the Logback, Log4j2 and
 * java.util.logging adapters share, is open to those adapters only.
 */
module io.github.systemd4j.journal {
    requires transitive io.github.systemd4j.socket;
    requires java.management; // the adapters' MXBeans

    exports io.github.systemd4j.journal;
    exports io.github.systemd4j.journal.internal to
            io.github.systemd4j.journal.logback,
            io.github.systemd4j.journal.log4j2,
            io.github.systemd4j.journal.jul;
}
