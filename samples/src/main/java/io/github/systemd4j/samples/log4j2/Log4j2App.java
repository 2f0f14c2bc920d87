package io.github.systemd4j.samples.log4j2;

import io.github.systemd4j.samples.service.Request;
import io.github.systemd4j.samples.service.RequestContext;
import io.github.systemd4j.samples.service.Response;
import io.github.systemd4j.samples.service.SampleService;
import io.github.systemd4j.samples.service.ServiceLog;
import io.github.systemd4j.samples.service.Settings;
import java.io.IOException;
import java.util.function.Supplier;
import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The sample service logging through Log4j2's {@code <Journal>} appender ({@code
 * samples/config/log4j2.xml}): ThreadContext entries become journal fields.
 *
 * <p>notify-core's own messages ({@code System.Logger}) reach the journal through journal-jul's
 * {@code LoggerFinder}, which the samples' class path has for all three apps; a Log4j2 application
 * of its own would add {@code log4j-jpl} instead, to send them through Log4j2 (notify-core's README,
 * "Its own messages").
 *
 * <pre>
 * java -Dlog4j2.configurationFile=/etc/app/log4j2.xml -cp '/opt/app/lib/*' io.github.systemd4j.samples.log4j2.Log4j2App
 * journalctl -u app DB_HOST=db1
 * </pre>
 */
public final class Log4j2App implements ServiceLog {
    private static final Logger LOG = LogManager.getLogger(Log4j2App.class);

    private Log4j2App() {}

    /**
     * Starts the service.
     *
     * @param args none
     * @throws IOException if it cannot start
     */
    public static void main(String[] args) throws IOException {
        SampleService.run(new Log4j2App());
    }

    @Override
    public Response request(Request request, RequestContext context, Supplier<Response> handler) {
        // Fields of every entry logged on this thread until closed: journalctl -u app DB_HOST=db1
        try (CloseableThreadContext.Instance threadContext =
                CloseableThreadContext.put("REQUEST_ID", context.requestId()).put("DB_HOST", context.dbHost())) {
            context.userId().ifPresent(user -> threadContext.put("USER_ID", user));
            long start = System.nanoTime();
            Response response = handler.get();
            // Log4j2's Logger takes no key-value pairs (a MapMessage would render them as the
            // message); entries added just before the call carry them.
            threadContext
                    .put("HTTP_METHOD", request.method())
                    .put("HTTP_PATH", request.path())
                    .put("HTTP_STATUS", Integer.toString(response.status()))
                    .put("DURATION_MS", Long.toString((System.nanoTime() - start) / 1_000_000));
            LOG.info("{} {} -> {}", request.method(), request.target(), response.status());
            return response;
        }
    }

    @Override
    public void listening(String address, String origin) {
        LOG.info("Listening on {} ({}), sending READY=1", address, origin);
    }

    @Override
    public void reloaded(Settings previous, Settings current) {
        LOG.info("Settings reloaded: db.host {} -> {}", previous.dbHost(), current.dbHost());
    }

    @Override
    public void simulatingDeadlock() {
        LOG.warn("Simulating a deadlock: this request never returns; the watchdog will have the service restarted");
    }

    @Override
    public void stopping() {
        LOG.info("Stopping: finishing the requests in progress");
    }

    @Override
    public void stopped(String served) {
        LOG.info("Stopped after {}", served);
        // log4j2.xml disables Log4j's own shutdown hook, which could stop it before this one is done.
        LogManager.shutdown();
    }
}
