/** systemd4j journal-logback: a Logback appender for the systemd journal. */
module io.github.systemd4j.journal.logback {
    requires transitive io.github.systemd4j.journal;
    requires transitive ch.qos.logback.classic;
    requires transitive ch.qos.logback.core;
    requires transitive org.slf4j;

    exports io.github.systemd4j.journal.logback;
}
