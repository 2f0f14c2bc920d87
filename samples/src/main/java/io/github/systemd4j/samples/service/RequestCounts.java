package io.github.systemd4j.samples.service;

/** How many requests the service answered, for its {@code STATUS=}. Thread-safe. */
public final class RequestCounts {
    private long total;
    private long errors;

    /**
     * Counts one answered request.
     *
     * @param status its HTTP status; 400 and above count as errors
     */
    public synchronized void count(int status) {
        total++;
        if (status >= 400) {
            errors++;
        }
    }

    /**
     * The counts so far, for a status line or a log message.
     *
     * @return such as {@code 12 requests, 1 error}
     */
    public synchronized String summary() {
        return total + (total == 1 ? " request, " : " requests, ") + errors + (errors == 1 ? " error" : " errors");
    }
}
