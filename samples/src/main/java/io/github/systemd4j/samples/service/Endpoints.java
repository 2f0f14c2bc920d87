package io.github.systemd4j.samples.service;

import java.util.function.Supplier;

/**
 * The sample's HTTP endpoints: {@code GET /}, {@code GET /orders?user=ID} and {@code POST /hang}.
 * {@link ServiceLog} logs each request around them; they only announce the simulated deadlock.
 */
final class Endpoints {
    private final ServiceLog log;

    Endpoints(ServiceLog log) {
        this.log = log;
    }

    Response handle(Request request, RequestContext context) {
        return switch (request.path()) {
            case "/" -> get(request, () -> new Response(200, "systemd4j sample service; try /orders?user=42\n"));
            case "/orders" -> get(request, () -> orders(context));
            case "/hang" -> hang(request);
            default -> new Response(404, "no such endpoint: " + request.path() + "\n");
        };
    }

    private static Response get(Request request, Supplier<Response> answer) {
        return request.method().equals("GET") ? answer.get() : new Response(405, "use GET\n");
    }

    private static Response orders(RequestContext context) {
        if (context.userId().isEmpty()) {
            return new Response(400, "which user? /orders?user=42\n");
        }
        // A real service would query the database here.
        return new Response(200, "no orders for user " + context.userId().get() + " on " + context.dbHost() + "\n");
    }

    private Response hang(Request request) {
        if (!request.method().equals("POST")) {
            return new Response(405, "use POST: this request never returns, and the watchdog restarts the service\n");
        }
        log.simulatingDeadlock();
        SimulatedDeadlock.enter();
        return new Response(500, "the deadlock was interrupted\n");
    }
}
