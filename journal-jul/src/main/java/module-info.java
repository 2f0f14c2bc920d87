/**
 * systemd4j journal-jul: a java.util.logging handler for the systemd journal, and a {@link
 * java.lang.System.LoggerFinder} that sends {@code System.getLogger(...)} output there.
 */
module io.github.systemd4j.journal.jul {
    requires transitive io.github.systemd4j.journal;
    requires transitive java.logging;

    exports io.github.systemd4j.journal.jul;

    provides java.lang.System.LoggerFinder with
            io.github.systemd4j.journal.jul.JournalLoggerFinder;
}
