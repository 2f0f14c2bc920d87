package io.github.systemd4j.samples.service;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.URLDecoder;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deliberately minimal HTTP/1.1 server on a listening socket it is handed: one request per
 * connection, no request bodies, plain-text answers. Put a real reverse proxy in front of anything
 * that faces the internet.
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver.HttpServer}: it always opens and binds a socket
 * of its own, so it cannot serve the socket that systemd passes through socket activation or the fd
 * store. Any server that accepts on a {@link ServerSocketChannel} it is given can.
 */
public final class MinimalHttpServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MinimalHttpServer.class.getName());
    private static final int MAX_HEAD_BYTES = 8192;
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};

    /** Answers one request. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Answers a request.
         *
         * @param request the request
         * @return the response
         */
        Response handle(Request request);
    }

    private final ServerSocketChannel listener;
    private final boolean ownsListener;
    private final Handler handler;
    private final ExecutorService workers;
    private final Thread acceptor;

    /**
     * A server that is not accepting yet.
     *
     * @param listener a bound, listening, blocking socket
     * @param ownsListener whether {@link #close} closes it: not for a socket systemd passed, which
     *     systemd keeps listening on for the next start
     * @param threads how many requests are handled at once
     * @param handler what answers them
     */
    public MinimalHttpServer(ServerSocketChannel listener, boolean ownsListener, int threads, Handler handler) {
        this.listener = listener;
        this.ownsListener = ownsListener;
        this.handler = handler;
        AtomicInteger workerNumber = new AtomicInteger();
        this.workers =
                Executors.newFixedThreadPool(threads, task -> daemon(task, "http-" + workerNumber.incrementAndGet()));
        // Not a daemon: the accepting thread keeps the JVM running after main returns.
        this.acceptor = new Thread(this::acceptConnections, "http-accept");
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Starts accepting connections, on a thread that keeps the JVM running until it exits. */
    public void start() {
        acceptor.start();
    }

    private void acceptConnections() {
        while (true) {
            SocketChannel connection;
            try {
                connection = listener.accept();
            } catch (ClosedChannelException closed) {
                return; // close() closed our own listener
            } catch (IOException e) {
                // Out of descriptors, say: keep the server, and give the cause time to pass.
                LOG.log(Level.WARNING, "accepting a connection failed", e);
                pause();
                continue;
            }
            try {
                workers.execute(() -> serve(connection));
            } catch (RejectedExecutionException stopping) {
                closeQuietly(connection);
                return;
            }
        }
    }

    private void serve(SocketChannel connection) {
        try (connection) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(connection));
            OutputStream out = Channels.newOutputStream(connection);
            Response response;
            try {
                response = handler.handle(parse(in));
            } catch (IllegalArgumentException malformed) {
                response = new Response(400, malformed.getMessage() + "\n");
            }
            write(response, out);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "connection ended early", e);
        }
    }

    /**
     * Reads a request head: the request line and the header fields.
     *
     * @param in the connection
     * @return the request
     * @throws IOException if the connection fails or ends early
     * @throws IllegalArgumentException if it is not an HTTP/1.x request head of at most 8 KiB
     */
    static Request parse(InputStream in) throws IOException {
        String[] lines = readHead(in).split("\r\n");
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.") || !requestLine[1].startsWith("/")) {
            throw new IllegalArgumentException("not an HTTP/1.x request line: " + lines[0]);
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("not a header field: " + lines[i]);
            }
            headers.putIfAbsent(
                    lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        String target = requestLine[1];
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        Map<String, String> query = question < 0 ? Map.of() : decodeQuery(target.substring(question + 1));
        return new Request(requestLine[0], target, path, query, headers);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < END_OF_HEAD.length) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed within the request head");
            }
            if (head.size() == MAX_HEAD_BYTES) {
                throw new IllegalArgumentException("request head over " + MAX_HEAD_BYTES + " bytes");
            }
            head.write(b);
            matched = b == END_OF_HEAD[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static Map<String, String> decodeQuery(String query) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.putIfAbsent(
                    URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static void write(Response response, OutputStream out) throws IOException {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder()
                .append("HTTP/1.1 ")
                .append(response.status())
                .append(' ')
                .append(response.reason())
                .append("\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ")
                .append(body.length)
                .append("\r\nConnection: close\r\n");
        response.headers()
                .forEach((name, value) ->
                        head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /**
     * Stops taking requests and waits for the ones in progress. A listener the server does not own
     * stays open: its accepting thread ends with the JVM.
     *
     * @param grace how long requests in progress may take
     */
    public void close(Duration grace) {
        if (ownsListener) {
            closeQuietly(listener);
        }
        workers.shutdown();
        try {
            workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Like {@link #close(Duration)} with five seconds' grace. */
    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // nothing left to do with it
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
