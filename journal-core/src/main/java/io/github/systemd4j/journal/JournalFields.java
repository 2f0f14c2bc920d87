package io.github.systemd4j.journal;

import java.util.Set;

/**
 * Names of the fields systemd4j writes, and the set of names a user key can never take.
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/systemd.journal-fields.html">systemd.journal-fields(7)</a>
 */
public final class JournalFields {
    /** The human-readable message. */
    public static final FieldName MESSAGE = FieldName.of("MESSAGE");
    /** Syslog priority, one digit 0 (emerg) to 7 (debug). */
    public static final FieldName PRIORITY = FieldName.of("PRIORITY");
    /** The program tag that {@code journalctl -t} matches. */
    public static final FieldName SYSLOG_IDENTIFIER = FieldName.of("SYSLOG_IDENTIFIER");
    /** Syslog facility number, 0 to 23. */
    public static final FieldName SYSLOG_FACILITY = FieldName.of("SYSLOG_FACILITY");
    /** 128-bit message identifier, 32 lowercase hex digits, for catalog lookups. */
    public static final FieldName MESSAGE_ID = FieldName.of("MESSAGE_ID");
    /** Source file of the logging call. */
    public static final FieldName CODE_FILE = FieldName.of("CODE_FILE");
    /** Source line of the logging call. */
    public static final FieldName CODE_LINE = FieldName.of("CODE_LINE");
    /** Class and method of the logging call. */
    public static final FieldName CODE_FUNC = FieldName.of("CODE_FUNC");
    /** Kernel thread id of the logging thread. */
    public static final FieldName TID = FieldName.of("TID");
    /** Logger name. */
    public static final FieldName LOGGER = FieldName.of("LOGGER");
    /** Java thread name. */
    public static final FieldName THREAD_NAME = FieldName.of("THREAD_NAME");
    /** Class name of the logged throwable. */
    public static final FieldName EXCEPTION = FieldName.of("EXCEPTION");
    /** Message of the logged throwable. */
    public static final FieldName EXCEPTION_MESSAGE = FieldName.of("EXCEPTION_MESSAGE");
    /** Full stack trace with causes and suppressed throwables. */
    public static final FieldName STACK_TRACE = FieldName.of("STACK_TRACE");
    /** One field per logging marker. */
    public static final FieldName MARKER = FieldName.of("MARKER");
    /** The id of a structured-data (RFC 5424) message, such as {@code login@18060}. */
    public static final FieldName SD_ID = FieldName.of("SD_ID");
    /** Written when a value was cut to fit the entry size limit; the value names the cut field. */
    public static final FieldName JOURNAL_TRUNCATED = FieldName.of("JOURNAL_TRUNCATED");
    /** Written when whole fields were left out (field-count or size limit); the value counts them. */
    public static final FieldName JOURNAL_DROPPED_FIELDS = FieldName.of("JOURNAL_DROPPED_FIELDS");

    /**
     * Names reserved for the fields systemd4j itself writes: a user key (MDC, key-value pair,
     * context map) that sanitises to one of these is prefixed with {@code ESCAPED_} instead, so it can
     * never replace the message, priority or identifier.
     */
    public static final Set<String> RESERVED = Set.of(
            "MESSAGE",
            "PRIORITY",
            "SYSLOG_IDENTIFIER",
            "SYSLOG_FACILITY",
            "SYSLOG_PID",
            "SYSLOG_TIMESTAMP",
            "MESSAGE_ID",
            "CODE_FILE",
            "CODE_LINE",
            "CODE_FUNC",
            "TID",
            "LOGGER",
            "THREAD_NAME",
            "EXCEPTION",
            "EXCEPTION_MESSAGE",
            "STACK_TRACE",
            "MARKER",
            "SD_ID",
            "JOURNAL_TRUNCATED",
            "JOURNAL_DROPPED_FIELDS");

    private JournalFields() {}
}
