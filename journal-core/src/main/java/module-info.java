/**
 * systemd4j journal-core: a pure-Java writer for the systemd journal native protocol, and the field
 * mapping shared by the Logback, Log4j2 and java.util.logging adapters.
 */
module io.github.systemd4j.journal {
    requires transitive io.github.systemd4j.socket;

    exports io.github.systemd4j.journal;
    exports io.github.systemd4j.journal.mapping;
}
