package io.github.systemd4j.spring;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A health indicator named {@code toggle} that tests turn DOWN, for Spring Boot 3.5 and 4.0 (whose
 * {@code HealthIndicator} types live in different packages).
 */
public final class HealthToggle {
    private volatile boolean up = true;

    /** Creates an indicator that is UP. */
    public HealthToggle() {}

    /**
     * Sets the indicator's state.
     *
     * @param up false for DOWN
     */
    public void set(boolean up) {
        this.up = up;
    }

    boolean isUp() {
        return up;
    }

    /** Registers the toggle and its indicator (bean {@code toggleHealthIndicator}). */
    @Configuration(proxyBeanMethods = false)
    public static class Config {
        /** Created by Spring. */
        public Config() {}

        @Bean
        HealthToggle healthToggle() {
            return new HealthToggle();
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
        static class Boot3 {
            @Bean
            org.springframework.boot.actuate.health.HealthIndicator toggleHealthIndicator(HealthToggle toggle) {
                return () -> toggle.isUp()
                        ? org.springframework.boot.actuate.health.Health.up().build()
                        : org.springframework.boot.actuate.health.Health.down()
                                .withDetail("reason", "switched off")
                                .build();
            }
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
        static class Boot4 {
            @Bean
            org.springframework.boot.health.contributor.HealthIndicator toggleHealthIndicator(HealthToggle toggle) {
                return () -> toggle.isUp()
                        ? org.springframework.boot.health.contributor.Health.up()
                                .build()
                        : org.springframework.boot.health.contributor.Health.down()
                                .withDetail("reason", "switched off")
                                .build();
            }
        }
    }
}
