package io.github.systemd4j.spring;

import io.github.systemd4j.notify.SystemdNotifier;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The numbers behind journal logging and the watchdog, where Micrometer and Actuator are present:
 * meters (see {@link SystemdMeterBinder}'s names; bound by Spring Boot's metrics auto-configuration
 * like any {@link MeterBinder} bean) and a {@code systemd} entry in the {@code info} endpoint (off
 * with {@code management.info.systemd.enabled=false}). No health indicator: the watchdog reads
 * health, and an indicator fed by the watchdog would feed back into it.
 */
@AutoConfiguration(after = SystemdNotifyAutoConfiguration.class)
public class SystemdActuatorAutoConfiguration {
    /** Created by Spring. */
    public SystemdActuatorAutoConfiguration() {}

    /** Micrometer's part. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean(SystemdMeterBinder.class)
        MeterBinder systemdMeterBinder(ObjectProvider<SystemdWatchdog> watchdog) {
            return new SystemdMeterBinder(watchdog.getIfAvailable());
        }
    }

    /** Actuator's {@code info} part. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(InfoContributor.class)
    static class Info {
        @Bean
        @ConditionalOnEnabledInfoContributor("systemd")
        @ConditionalOnMissingBean(SystemdInfoContributor.class)
        InfoContributor systemdInfoContributor(
                ObjectProvider<SystemdNotifier> notifier, ObjectProvider<SystemdWatchdog> watchdog) {
            return new SystemdInfoContributor(notifier.getIfAvailable(), watchdog.getIfAvailable());
        }
    }
}
