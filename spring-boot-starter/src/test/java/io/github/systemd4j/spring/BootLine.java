package io.github.systemd4j.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.util.ClassUtils;

/**
 * The Spring Boot line the tests run on (3.5 or 4.0: the same tests run on both), and the names of
 * auto-configurations that moved between them.
 */
final class BootLine {
    private BootLine() {}

    /** Actuator's health endpoint with its groups and availability probes, for the line present. */
    static AutoConfigurations health() {
        return present(
                "org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration",
                // Spring Boot 3.5
                "org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration",
                "org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration",
                "org.springframework.boot.actuate.autoconfigure.availability.AvailabilityHealthContributorAutoConfiguration",
                "org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration",
                // Spring Boot 4.0
                "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration",
                "org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration",
                "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration",
                "org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration",
                "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration");
    }

    /** The starter's auto-configurations and the application availability they read. */
    static AutoConfigurations starter() {
        return AutoConfigurations.of(
                ApplicationAvailabilityAutoConfiguration.class,
                SystemdNotifyAutoConfiguration.class,
                SystemdActuatorAutoConfiguration.class);
    }

    /** Whether Spring Boot 4's health API is the one present. */
    static boolean isBoot4() {
        return ClassUtils.isPresent("org.springframework.boot.health.contributor.HealthIndicator", null);
    }

    private static AutoConfigurations present(String... names) {
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            if (ClassUtils.isPresent(name, null)) {
                classes.add(ClassUtils.resolveClassName(name, null));
            }
        }
        return AutoConfigurations.of(classes.toArray(new Class<?>[0]));
    }
}
