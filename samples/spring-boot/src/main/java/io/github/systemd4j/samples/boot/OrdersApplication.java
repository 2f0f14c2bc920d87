package io.github.systemd4j.samples.boot;

import io.github.systemd4j.spring.SystemdReloadAction;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The orders service: {@code GET /orders?user=42} answers from a pretend database and logs the
 * request with MDC fields; a warm-up longer than the unit's {@code TimeoutStartSec=} runs before it
 * is ready; {@code POST /admin/break} marks it broken (its liveness), and {@code systemctl reload}
 * re-reads the database host from {@code ORDERS_SETTINGS}, if set.
 */
@SpringBootApplication
public class OrdersApplication {
    private static final Logger LOG = LoggerFactory.getLogger(OrdersApplication.class);

    /**
     * Runs the service.
     *
     * @param args Spring Boot's arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }

    /** The database host, which a reload may change. */
    @Bean
    AtomicReference<String> dbHost(@Value("${orders.db-host}") String initial) {
        return new AtomicReference<>(initial);
    }

    /** A slow start: the starter's EXTEND_TIMEOUT_USEC keeps systemd waiting for it. */
    @Bean
    ApplicationRunner warmUp(@Value("${orders.warm-up}") Duration warmUp) {
        return args -> {
            LOG.info("Warming up the order cache ({} s)", warmUp.toSeconds());
            Thread.sleep(warmUp.toMillis());
            LOG.info("Order cache warm");
        };
    }

    /**
     * What {@code systemctl reload orders} does: the database host from the file {@code
     * ORDERS_SETTINGS} names ({@code orders.db-host=...}). A file that cannot be read fails the
     * reload, and the old host stays.
     */
    @Bean
    SystemdReloadAction reloadSettings(AtomicReference<String> dbHost) {
        return () -> {
            String file = System.getenv("ORDERS_SETTINGS");
            if (file == null) {
                LOG.info("Reload: no ORDERS_SETTINGS, nothing to re-read");
                return;
            }
            Properties settings = new Properties();
            try (Reader in = Files.newBufferedReader(Path.of(file))) {
                settings.load(in);
            } catch (IOException e) {
                throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            String host = settings.getProperty("orders.db-host", dbHost.get());
            LOG.info("Reload: database host {} -> {}", dbHost.getAndSet(host), host);
        };
    }

    /** The HTTP endpoints. */
    @RestController
    static class Orders {
        private final AtomicReference<String> dbHost;
        private final ApplicationContext context;

        Orders(AtomicReference<String> dbHost, ApplicationContext context) {
            this.dbHost = dbHost;
            this.context = context;
        }

        @GetMapping("/orders")
        String orders(
                @RequestParam("user") String user,
                @RequestHeader(name = "X-Request-Id", required = false) String requestId) {
            MDC.put("REQUEST_ID", requestId == null ? "-" : requestId);
            MDC.put("DB_HOST", dbHost.get());
            MDC.put("USER_ID", user);
            try {
                LOG.info("GET /orders?user={} -> 200", user);
                return "no orders for user " + user + " on " + dbHost.get() + "\n";
            } finally {
                MDC.clear();
            }
        }

        /**
         * Marks the application broken, as an application does when it finds itself beyond repair:
         * the liveness health group goes DOWN, the starter's watchdog stops pinging, and systemd
         * restarts the service.
         */
        @PostMapping("/admin/break")
        String breakIt() {
            LOG.warn("Marking the application broken (LivenessState.BROKEN)");
            AvailabilityChangeEvent.publish(context, LivenessState.BROKEN);
            return "broken\n";
        }
    }
}
