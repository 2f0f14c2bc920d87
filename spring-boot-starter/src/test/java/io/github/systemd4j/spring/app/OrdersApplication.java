package io.github.systemd4j.spring.app;

import io.github.systemd4j.spring.HealthToggle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot web application with nothing of systemd but the starter on its class path, run by
 * {@code BootServiceIT} as a unit under a real systemd. {@code ORDERS_START_GATE}: a file an
 * {@link ApplicationRunner} waits for, to make the start as slow as the test needs.
 */
@SpringBootApplication
@Import(HealthToggle.Config.class)
public class OrdersApplication {
    private static final Logger LOG = LoggerFactory.getLogger(OrdersApplication.class);

    /**
     * Runs the application.
     *
     * @param args Spring Boot's arguments
     */
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(OrdersApplication.class);
        application.setDefaultProperties(Map.of(
                "management.endpoints.web.exposure.include", "health,info,metrics",
                "management.endpoint.health.probes.enabled", "true",
                // The liveness group also holds the indicator the test turns DOWN.
                "management.endpoint.health.group.liveness.include", "livenessState,toggle"));
        application.run(args);
    }

    @Bean
    ApplicationRunner slowStart() {
        return args -> {
            String gate = System.getenv("ORDERS_START_GATE");
            if (gate != null) {
                LOG.info("Warming up until {} exists", gate);
                while (!Files.exists(Path.of(gate))) {
                    Thread.sleep(50);
                }
                LOG.info("Warm-up done");
            }
        };
    }

    /** The endpoints the test calls. */
    @RestController
    static class Orders {
        private final HealthToggle health;

        Orders(HealthToggle health) {
            this.health = health;
        }

        @GetMapping("/orders")
        String orders(@RequestParam("db") String db, @RequestParam("id") String id) {
            MDC.put("DB_HOST", db);
            MDC.put("REQUEST_ID", id);
            try {
                LOG.info("Listing orders for request {}", id);
            } finally {
                MDC.clear();
            }
            return "[]";
        }

        /** A line on standard output: it reaches the journal after anything printed before it. */
        @PostMapping("/stdout")
        String stdout(@RequestParam("line") String line) {
            System.out.println(line);
            System.out.flush();
            return "ok";
        }

        @PostMapping("/health/down")
        String down() {
            LOG.info("Turning the toggle health indicator DOWN");
            health.set(false);
            return "down";
        }
    }
}
