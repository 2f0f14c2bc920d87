package io.github.systemd4j.samples.service;

import java.util.Optional;

/**
 * What every journal entry about a request carries, whatever logged it: each logging framework puts
 * these into its own context (Logback's MDC, Log4j2's ThreadContext, a JUL parameter map) as
 * {@code REQUEST_ID}, {@code DB_HOST} and {@code USER_ID}.
 *
 * @param requestId the client's {@code X-Request-Id}, or a new random one
 * @param dbHost the database of the current {@link Settings}
 * @param userId the {@code user} query parameter, if given
 */
public record RequestContext(String requestId, String dbHost, Optional<String> userId) {}
