package io.github.systemd4j.spring;

import io.github.systemd4j.notify.ReloadHandler;
import io.github.systemd4j.notify.SystemdNotifier;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * sd_notify for a Spring Boot application: {@code READY=1} on readiness, {@code STATUS=}, {@code
 * STOPPING=1} on close, the watchdog gated on Actuator health, and {@code SIGHUP} reloads when the
 * application declares {@link SystemdReloadAction}s. Off with {@code systemd4j.notify.enabled=false};
 * outside systemd ({@code NOTIFY_SOCKET} unset) every notification is a no-op.
 *
 * <p>Spring Boot 3.5 and 4.0 keep their health model in different packages; the nested
 * configuration for the line present reads it.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration",
            "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration",
            "org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration"
        })
@ConditionalOnProperty(prefix = "systemd4j.notify", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties({SystemdNotifyProperties.class, SystemdJournalProperties.class})
public class SystemdNotifyAutoConfiguration {
    /** Created by Spring. */
    public SystemdNotifyAutoConfiguration() {}

    /**
     * The notifier for {@code $NOTIFY_SOCKET}; under {@code SpringApplication} the one the starter
     * made while the application started (and extended the start timeout with).
     *
     * @return the notifier, disabled outside systemd
     */
    @Bean
    @ConditionalOnMissingBean
    public SystemdNotifier systemdNotifier() {
        return SystemdNotifier.fromEnvironment();
    }

    /**
     * The watchdog, started at readiness.
     *
     * @param notifier where to ping
     * @param properties {@code systemd4j.notify.*}
     * @param healthGroups Actuator's health groups, if Actuator's health endpoint is there
     * @param availability the application's availability, for {@code liveness} without such a group
     * @return the watchdog
     * @throws IllegalStateException if a configured health group does not exist
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "systemd4j.notify.watchdog", name = "enabled", matchIfMissing = true)
    SystemdWatchdog systemdWatchdog(
            SystemdNotifier notifier,
            SystemdNotifyProperties properties,
            ObjectProvider<HealthGroups> healthGroups,
            ObjectProvider<ApplicationAvailability> availability) {
        SystemdNotifyProperties.Watchdog watchdog = properties.getWatchdog();
        WatchdogHealthCheck health = new WatchdogHealthCheck(
                watchdog.getHealthGroups(),
                watchdog.getUnhealthyStatuses(),
                healthGroups.getIfAvailable(),
                availability.getIfAvailable());
        return new SystemdWatchdog(notifier, watchdog, health.isEmpty() ? null : health);
    }

    @Bean
    SystemdLifecycle systemdLifecycle(
            SystemdNotifier notifier,
            ObjectProvider<SystemdWatchdog> watchdog,
            ApplicationContext context,
            Environment environment) {
        return new SystemdLifecycle(notifier, watchdog.getIfAvailable(), context, environment);
    }

    /**
     * {@code SIGHUP} → {@code RELOADING=1}, the application's {@link SystemdReloadAction}s, {@code
     * READY=1}. Installed while the context starts, so a reload requested during the start runs once
     * the application is ready.
     *
     * @param notifier where to report
     * @param actions the application's reload actions, in their order
     * @return the installed handler, closed with the context (which restores {@code SIGHUP})
     */
    @Bean
    @ConditionalOnBean(SystemdReloadAction.class)
    @ConditionalOnProperty(prefix = "systemd4j.notify.reload", name = "enabled", matchIfMissing = true)
    public ReloadHandler systemdReloadHandler(SystemdNotifier notifier, ObjectProvider<SystemdReloadAction> actions) {
        List<SystemdReloadAction> ordered = actions.orderedStream().collect(Collectors.toList());
        return ReloadHandler.onSighup(notifier, () -> {
            for (SystemdReloadAction action : ordered) {
                action.reload();
            }
        });
    }

    /** Spring Boot 3.5's health groups ({@code org.springframework.boot.actuate.health}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthEndpoint")
    static class Boot3Health {
        @Bean
        @ConditionalOnBean({
            org.springframework.boot.actuate.health.HealthEndpoint.class,
            org.springframework.boot.actuate.health.HealthEndpointGroups.class
        })
        HealthGroups systemdHealthGroups(
                org.springframework.boot.actuate.health.HealthEndpoint endpoint,
                org.springframework.boot.actuate.health.HealthEndpointGroups groups) {
            return new Boot3HealthGroups(endpoint, groups);
        }
    }

    /** Spring Boot 4.0's health groups ({@code org.springframework.boot.health}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.actuate.endpoint.HealthEndpoint")
    static class Boot4Health {
        @Bean
        @ConditionalOnBean({
            org.springframework.boot.health.actuate.endpoint.HealthEndpoint.class,
            org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups.class
        })
        HealthGroups systemdHealthGroups(
                org.springframework.boot.health.actuate.endpoint.HealthEndpoint endpoint,
                org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups groups) {
            return new Boot4HealthGroups(endpoint, groups);
        }
    }
}
