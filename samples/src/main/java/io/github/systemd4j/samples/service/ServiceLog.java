package io.github.systemd4j.samples.service;

import java.util.function.Supplier;

/**
 * Everything the sample service logs, written once per logging framework: {@code LogbackApp},
 * {@code Log4j2App} and {@code JulApp} each implement it with their framework's own idioms, so the
 * three can be compared line by line and their journal entries field by field.
 */
public interface ServiceLog {
    /**
     * Handles one request with its context in the framework's context (so that everything logged
     * meanwhile carries it), then logs the outcome with {@code HTTP_METHOD}, {@code HTTP_PATH},
     * {@code HTTP_STATUS} and {@code DURATION_MS} as fields.
     *
     * @param request the request
     * @param context its {@code REQUEST_ID}, {@code DB_HOST} and {@code USER_ID}
     * @param handler what answers it
     * @return the handler's response
     */
    Response request(Request request, RequestContext context, Supplier<Response> handler);

    /**
     * The service is about to send {@code READY=1}.
     *
     * @param address where it listens, such as {@code 127.0.0.1:8080}
     * @param origin where the socket came from, such as {@code from app.socket}
     */
    void listening(String address, String origin);

    /**
     * {@code systemctl reload} applied new settings.
     *
     * @param previous the settings before
     * @param current the settings now in force
     */
    void reloaded(Settings previous, Settings current);

    /** A request asked for the simulated deadlock; its thread is about to hang. */
    void simulatingDeadlock();

    /** The service is stopping: {@code STOPPING=1} was sent, requests in progress may finish. */
    void stopping();

    /**
     * The service stopped; the JVM exits next. The place to flush or shut down the framework.
     *
     * @param served how many requests it answered, such as {@code 12 requests, 1 error}
     */
    void stopped(String served);
}
