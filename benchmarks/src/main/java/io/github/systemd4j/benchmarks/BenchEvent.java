package io.github.systemd4j.benchmarks;

import io.github.systemd4j.journal.FieldName;
import io.github.systemd4j.journal.JournalEntry;
import io.github.systemd4j.journal.JournalFields;

/**
 * The event every benchmark sends, the same as {@code native/floor.c}: 8 journal fields with an
 * 80-character message (about 290 bytes on the wire); through the logging frameworks the same
 * message with 5 MDC entries.
 */
final class BenchEvent {
    static final String MESSAGE = "Payment 4711 for customer 815 accepted by the upstream provider in 12 ms, all OK";
    static final String LOGGER = "com.example.billing.PaymentService";
    static final String DB_HOST = "db1.example.internal";
    static final String REQUEST_ID = "7f9c2ba4e88f827d616045507605853e";

    /** The five MDC entries of the framework benchmarks. */
    static final String[][] MDC = {
        {"DB_HOST", DB_HOST},
        {"REQUEST_ID", REQUEST_ID},
        {"USER_ID", "u-31337"},
        {"TENANT", "acme"},
        {"REGION", "eu-central-1"},
    };

    private static final FieldName DB_HOST_FIELD = FieldName.of("DB_HOST");
    private static final FieldName REQUEST_ID_FIELD = FieldName.of("REQUEST_ID");

    private BenchEvent() {}

    /**
     * Adds the event's fields to a journal-core entry (the client adds SYSLOG_IDENTIFIER).
     *
     * @param e the entry
     * @return the entry
     */
    static JournalEntry fill(JournalEntry e) {
        return e.priority(6)
                .add(JournalFields.LOGGER, LOGGER)
                .add(JournalFields.THREAD_NAME, "main")
                .add(JournalFields.TID, 4242)
                .add(DB_HOST_FIELD, DB_HOST)
                .add(REQUEST_ID_FIELD, REQUEST_ID)
                .message(MESSAGE);
    }
}
