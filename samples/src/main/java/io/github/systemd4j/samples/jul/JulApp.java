package io.github.systemd4j.samples.jul;

import io.github.systemd4j.samples.service.Request;
import io.github.systemd4j.samples.service.RequestContext;
import io.github.systemd4j.samples.service.Response;
import io.github.systemd4j.samples.service.SampleService;
import io.github.systemd4j.samples.service.ServiceLog;
import io.github.systemd4j.samples.service.Settings;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sample service logging through java.util.logging's {@code JournalHandler} ({@code
 * samples/config/logging.properties}): JUL has no MDC, so the request's fields travel in a {@code
 * Map} parameter, which the handler writes as journal fields.
 *
 * <pre>
 * java -Djava.util.logging.config.file=/etc/app/logging.properties -cp '/opt/app/lib/*' io.github.systemd4j.samples.jul.JulApp
 * journalctl -u app DB_HOST=db1
 * </pre>
 */
public final class JulApp implements ServiceLog {
    private static final Logger LOG = Logger.getLogger(JulApp.class.getName());
    // JUL closes its handlers in a shutdown hook of its own, which may run before ours; the
    // System.Logger route of journal-jul stays open, so the last words go through it.
    private static final System.Logger SHUTDOWN_LOG = System.getLogger(JulApp.class.getName());

    private JulApp() {}

    /**
     * Starts the service.
     *
     * @param args none
     * @throws IOException if it cannot start
     */
    public static void main(String[] args) throws IOException {
        SampleService.run(new JulApp());
    }

    @Override
    public Response request(Request request, RequestContext context, Supplier<Response> handler) {
        long start = System.nanoTime();
        Response response = handler.get();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("REQUEST_ID", context.requestId());
        fields.put("DB_HOST", context.dbHost());
        context.userId().ifPresent(user -> fields.put("USER_ID", user));
        fields.put("HTTP_METHOD", request.method());
        fields.put("HTTP_PATH", request.path());
        fields.put("HTTP_STATUS", response.status());
        fields.put("DURATION_MS", (System.nanoTime() - start) / 1_000_000);
        // The map is not in the pattern: it only becomes fields. The status is passed as text, so
        // that MessageFormat does not group its digits.
        LOG.log(Level.INFO, "{0} {1} -> {2}", new Object[] {
            request.method(), request.target(), Integer.toString(response.status()), fields
        });
        return response;
    }

    @Override
    public void listening(String address, String origin) {
        LOG.log(Level.INFO, "Listening on {0} ({1}), sending READY=1", new Object[] {address, origin});
    }

    @Override
    public void reloaded(Settings previous, Settings current) {
        LOG.log(Level.INFO, "Settings reloaded: db.host {0} -> {1}", new Object[] {previous.dbHost(), current.dbHost()
        });
    }

    @Override
    public void simulatingDeadlock() {
        LOG.warning("Simulating a deadlock: this request never returns; the watchdog will have the service restarted");
    }

    @Override
    public void stopping() {
        SHUTDOWN_LOG.log(System.Logger.Level.INFO, "Stopping: finishing the requests in progress");
    }

    @Override
    public void stopped(String served) {
        SHUTDOWN_LOG.log(System.Logger.Level.INFO, "Stopped after {0}", served);
    }
}
