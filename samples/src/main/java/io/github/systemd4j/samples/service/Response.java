package io.github.systemd4j.samples.service;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP response: a status, a plain-text body and extra header fields.
 *
 * @param status such as 200
 * @param body the text sent back
 * @param headers header fields besides the ones every response has
 */
public record Response(int status, String body, Map<String, String> headers) {
    /** Copies the headers. */
    public Response {
        headers = Map.copyOf(headers);
    }

    /**
     * A response without extra header fields.
     *
     * @param status such as 200
     * @param body the text sent back
     */
    public Response(int status, String body) {
        this(status, body, Map.of());
    }

    /**
     * This response with one more header field.
     *
     * @param name such as {@code X-Request-Id}
     * @param value its value, without line breaks
     * @return the new response
     */
    public Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, body, more);
    }

    /**
     * The reason phrase for the status line.
     *
     * @return such as {@code OK}
     */
    public String reason() {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            default -> status < 400 ? "OK" : "Error";
        };
    }
}
