package io.github.systemd4j.samples.logback;

import io.github.systemd4j.samples.service.Request;
import io.github.systemd4j.samples.service.RequestContext;
import io.github.systemd4j.samples.service.Response;
import io.github.systemd4j.samples.service.SampleService;
import io.github.systemd4j.samples.service.ServiceLog;
import io.github.systemd4j.samples.service.Settings;
import java.io.IOException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The sample service logging through SLF4J to Logback's {@code JournalAppender} ({@code
 * samples/config/logback.xml}): the MDC and SLF4J key-value pairs become journal fields.
 *
 * <p>notify-core's own messages ({@code System.Logger}) reach the journal through journal-jul's
 * {@code LoggerFinder}, which the samples' class path has for all three apps; a Logback application
 * of its own would add {@code slf4j-jdk-platform-logging} instead, to send them through Logback (notify-core's README,
 * "Its own messages").
 *
 * <pre>
 * java -Dlogback.configurationFile=/etc/app/logback.xml -cp '/opt/app/lib/*' io.github.systemd4j.samples.logback.LogbackApp
 * journalctl -u app DB_HOST=db1
 * </pre>
 */
public final class LogbackApp implements ServiceLog {
    private static final Logger LOG = LoggerFactory.getLogger(LogbackApp.class);

    private LogbackApp() {}

    /**
     * Starts the service.
     *
     * @param args none
     * @throws IOException if it cannot start
     */
    public static void main(String[] args) throws IOException {
        SampleService.run(new LogbackApp());
    }

    @Override
    public Response request(Request request, RequestContext context, Supplier<Response> handler) {
        // Fields of every entry logged on this thread until cleared: journalctl -u app DB_HOST=db1
        MDC.put("REQUEST_ID", context.requestId());
        MDC.put("DB_HOST", context.dbHost());
        context.userId().ifPresent(user -> MDC.put("USER_ID", user));
        long start = System.nanoTime();
        try {
            Response response = handler.get();
            // Key-value pairs: fields of this one entry.
            LOG.atInfo()
                    .setMessage("{} {} -> {}")
                    .addArgument(request.method())
                    .addArgument(request.target())
                    .addArgument(response.status())
                    .addKeyValue("HTTP_METHOD", request.method())
                    .addKeyValue("HTTP_PATH", request.path())
                    .addKeyValue("HTTP_STATUS", response.status())
                    .addKeyValue("DURATION_MS", (System.nanoTime() - start) / 1_000_000)
                    .log();
            return response;
        } finally {
            MDC.clear();
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
    }
}
