package io.github.systemd4j.samples.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** Sends the demo's requests to the sample service on the loopback address. */
final class DemoClient {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final int port;

    DemoClient(int port) {
        this.port = port;
    }

    /**
     * The demo's six requests, two of them errors ("6 requests, 2 errors" in the service's status), each
     * printed with its answer.
     *
     * @param console where the step and the answers are printed
     */
    void sendDemoRequests(Console console) throws IOException {
        console.step("Send requests: each is logged with MDC REQUEST_ID, DB_HOST, USER_ID and key-values HTTP_*");
        String[] targets = {"/orders?user=42", "/orders?user=7", "/orders?user=42", "/", "/orders", "/nowhere"};
        for (int i = 0; i < targets.length; i++) {
            String id = "demo-" + (i + 1);
            console.say(
                    String.format("GET %-16s X-Request-Id: %-7s -> %s", targets[i], id, send("GET", targets[i], id)));
        }
    }

    /**
     * Sends one request and describes the answer.
     *
     * @return such as {@code 200 no orders for user 42 on db1}
     */
    String send(String method, String target, String requestId) throws IOException {
        return send(method, target, requestId, ANSWER_TIMEOUT);
    }

    /**
     * Sends one request, waiting at most {@code timeout} for the answer.
     *
     * @return the status and body, or {@code no answer within ...}
     */
    String send(String method, String target, String requestId, Duration timeout) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("X-Request-Id", requestId)
                .timeout(timeout)
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body().strip();
        } catch (HttpTimeoutException e) {
            return "no answer within " + timeout.toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
