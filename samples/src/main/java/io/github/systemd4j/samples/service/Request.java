package io.github.systemd4j.samples.service;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request, as far as the sample needs it.
 *
 * @param method such as {@code GET}
 * @param target the request target as sent, such as {@code /orders?user=42}
 * @param path the target without its query, such as {@code /orders}
 * @param query the decoded query parameters (the first value of each)
 * @param headers the header fields, names in lower case
 */
public record Request(
        String method, String target, String path, Map<String, String> query, Map<String, String> headers) {
    /** Copies the maps. */
    public Request {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    /**
     * A header field.
     *
     * @param name the name, in any case
     * @return its value, if sent
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
