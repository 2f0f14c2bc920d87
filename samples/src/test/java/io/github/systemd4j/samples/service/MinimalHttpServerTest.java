package io.github.systemd4j.samples.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MinimalHttpServerTest {
    private static InputStream head(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void parsesTheRequestLineQueryAndHeaderFields() throws IOException {
        Request request = MinimalHttpServer.parse(
                head("GET /orders?user=4%202&x&user=7 HTTP/1.1\r\nHost: localhost\r\nX-Request-Id:  abc \r\n\r\n"));
        assertEquals("GET", request.method());
        assertEquals("/orders?user=4%202&x&user=7", request.target());
        assertEquals("/orders", request.path());
        assertEquals(Map.of("user", "4 2", "x", ""), request.query());
        assertEquals(Optional.of("abc"), request.header("x-request-id"));
        assertEquals(Optional.of("localhost"), request.header("HOST"));
    }

    @Test
    void rejectsWhatIsNotAnHttp1RequestHead() {
        for (String head : new String[] {
            "GET /\r\n\r\n", "GET / HTTP/2\r\n\r\n", "GET x HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\nno colon\r\n\r\n"
        }) {
            assertThrows(IllegalArgumentException.class, () -> MinimalHttpServer.parse(head(head)), head);
        }
    }

    @Test
    void rejectsAHeadOver8KiB() {
        String huge = "GET / HTTP/1.1\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n";
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> MinimalHttpServer.parse(head(huge)));
        assertTrue(e.getMessage().contains("8192"), e.getMessage());
    }

    @Test
    void aConnectionClosedWithinTheHeadIsNoRequest() {
        assertThrows(EOFException.class, () -> MinimalHttpServer.parse(head("GET / HTTP/1.1\r\nHost: x\r\n")));
    }

    @Test
    void answersOverTheSocketItIsHandedAndClosesItsOwnSocket() throws IOException {
        ServerSocketChannel listener =
                ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        try (MinimalHttpServer server = new MinimalHttpServer(
                listener,
                true,
                2,
                request -> new Response(200, "hello " + request.query().get("name") + "\n")
                        .withHeader("X-Request-Id", "r1"))) {
            server.start();
            try (SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
                client.write(ByteBuffer.wrap(
                        "GET /?name=you HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
                String answer = new String(client.socket().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 10\r\n"
                                + "Connection: close\r\nX-Request-Id: r1\r\n\r\nhello you\n",
                        answer);
            }
        }
        assertTrue(!listener.isOpen(), "closed with the server");
    }
}
