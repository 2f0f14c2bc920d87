/**
 * systemd4j journal-jul: a java.util.logging handler for the systemd journal, and a {@link
 * java.lang.System.LoggerFinder} that sends {@code System.getLogger(...)} output there.
 */
// The OpenTelemetry API is an automatic module (Automatic-Module-Name in its jar), required only statically.
@SuppressWarnings("requires-automatic")
module io.github.systemd4j.journal.jul {
    requires transitive io.github.systemd4j.journal;
    requires transitive java.logging;
    // Optional: trace fields when the OpenTelemetry API is there (an automatic module of this name).
    requires static io.opentelemetry.api;

    exports io.github.systemd4j.journal.jul;

    provides java.lang.System.LoggerFinder with
            io.github.systemd4j.journal.jul.JournalLoggerFinder;
}
