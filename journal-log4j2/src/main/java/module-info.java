/** systemd4j journal-log4j2: a garbage-free Log4j2 appender, {@code <Journal>}, for the systemd journal. */
// The module is named after its package; "log4j2" is the framework's name, not a version.
@SuppressWarnings("module")
module io.github.systemd4j.journal.log4j2 {
    requires transitive io.github.systemd4j.journal;
    requires transitive org.apache.logging.log4j;
    requires transitive org.apache.logging.log4j.core;

    exports io.github.systemd4j.journal.log4j2;

    // Log4j sets the builders' attribute fields reflectively.
    opens io.github.systemd4j.journal.log4j2 to
            org.apache.logging.log4j.core;
}
