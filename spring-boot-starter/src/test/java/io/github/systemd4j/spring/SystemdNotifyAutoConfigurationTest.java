package io.github.systemd4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.systemd4j.notify.ReloadHandler;
import io.github.systemd4j.notify.SystemdNotifier;
import io.github.systemd4j.testkit.FakeNotifySocket;
import io.github.systemd4j.testkit.NotifyDatagram;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The notify auto-configuration and each of its switches, with Spring Boot's {@link
 * ApplicationContextRunner} and a fake notification socket. The same tests run on Spring Boot 3.5
 * and 4.0.
 */
class SystemdNotifyAutoConfigurationTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private FakeNotifySocket systemd;

    @BeforeEach
    void startSocket() throws Exception {
        systemd = FakeNotifySocket.start(dir);
    }

    @AfterEach
    void stopSocket() {
        systemd.close();
    }

    /** The starter with a notifier for the fake socket; {@code watchdog} adds {@code WATCHDOG_USEC}. */
    private ApplicationContextRunner runner(boolean watchdog) {
        Map<String, String> env = new HashMap<>(systemd.environment());
        if (watchdog) {
            env.put("WATCHDOG_USEC", "2000000");
        }
        return new ApplicationContextRunner()
                .withConfiguration(BootLine.starter())
                .withBean(SystemdNotifier.class, () -> SystemdNotifier.fromEnvironment(env));
    }

    /**
     * The application whose ready event the tests publish; made outside the runner, whose filtered
     * class loaders would hide its listeners.
     */
    private static final SpringApplication APPLICATION = new SpringApplication();

    static {
        APPLICATION.setMainApplicationClass(OrdersApplication.class);
    }

    /** What {@code SpringApplication.run} publishes at its end: live, ready, accepting traffic. */
    private static void ready(AssertableApplicationContext context) {
        AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
        context.publishEvent(new ApplicationReadyEvent(
                APPLICATION, new String[0], context.getSourceApplicationContext(), Duration.ofMillis(4230)));
        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
    }

    /** Stands for the application's main class in the status text. */
    static final class OrdersApplication {}

    private NotifyDatagram await(String assignment) {
        return systemd.awaitDatagram(d -> d.has(assignment), WAIT);
    }

    @Test
    void readyWithStartupTimeAndPortWhenAcceptingTraffic() {
        runner(false).withPropertyValues("local.server.port=8080").run(context -> {
            assertThat(context).hasNotFailed();
            ready(context);
            assertThat(await("READY=1").assignments())
                    .containsExactly("READY=1", "STATUS=Started OrdersApplication in 4.2 s, listening on 8080");
            assertThat(systemd.problems()).isEmpty();
        });
    }

    @Test
    void statusNamesTheManagementPortWhenItDiffers() {
        runner(false)
                .withPropertyValues("local.server.port=8080", "local.management.port=8081")
                .run(context -> {
                    ready(context);
                    assertThat(await("READY=1").get("STATUS"))
                            .hasValue("Started OrdersApplication in 4.2 s, listening on 8080 (management 8081)");
                });
    }

    @Test
    void refusingTrafficIsShownInStatusAndAcceptingAgainRestoresIt() {
        runner(false).run(context -> {
            ready(context);
            await("READY=1");
            AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
            assertThat(await("STATUS=Refusing traffic (readiness REFUSING_TRAFFIC)")
                            .assignments())
                    .containsExactly("STATUS=Refusing traffic (readiness REFUSING_TRAFFIC)");
            systemd.clear();
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
            // The status comes back, but READY=1 went out once.
            assertThat(await("STATUS=Started OrdersApplication in 4.2 s").assignments())
                    .containsExactly("STATUS=Started OrdersApplication in 4.2 s");
        });
    }

    @Test
    void stoppingWhenTheContextCloses() {
        runner(false).run(context -> {
            ready(context);
            await("READY=1");
            context.close();
            assertThat(await("STOPPING=1").assignments()).containsExactly("STOPPING=1", "STATUS=Stopping");
        });
    }

    @Test
    void nothingWhenNotifyIsDisabled() {
        runner(false).withPropertyValues("systemd4j.notify.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(SystemdLifecycle.class);
            assertThat(context).doesNotHaveBean(SystemdWatchdog.class);
        });
    }

    @Test
    void notifierFromTheEnvironmentWhenTheApplicationHasNone() {
        new ApplicationContextRunner().withConfiguration(BootLine.starter()).run(context -> {
            assertThat(context).hasSingleBean(SystemdNotifier.class);
            // The test JVM does not run under systemd.
            assertThat(context.getBean(SystemdNotifier.class).isEnabled()).isFalse();
        });
    }

    @Test
    void watchdogPingsFromReadinessOnWhileHealthy() {
        runner(true)
                .withConfiguration(BootLine.health())
                .withUserConfiguration(HealthToggle.Config.class)
                .withPropertyValues("management.endpoint.health.probes.enabled=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(SystemdWatchdog.class).status()).isEmpty();
                    ready(context);
                    await("WATCHDOG=1");
                    assertThat(context.getBean(SystemdWatchdog.class).status())
                            .hasValueSatisfying(s -> assertThat(s.isHealthy()).isTrue());
                });
    }

    @Test
    void aDownIndicatorInTheLivenessGroupStopsThePingsAndTheStatusNamesIt() {
        runner(true)
                .withConfiguration(BootLine.health())
                .withUserConfiguration(HealthToggle.Config.class)
                .withPropertyValues(
                        "management.endpoint.health.probes.enabled=true",
                        "management.endpoint.health.group.liveness.include=livenessState,toggle")
                .run(context -> {
                    context.getBean(HealthToggle.class).set(false);
                    ready(context);
                    NotifyDatagram unhealthy = systemd.awaitDatagram(
                            d -> d.get("STATUS").orElse("").startsWith("Unhealthy"), WAIT);
                    assertThat(unhealthy.assignments())
                            .containsExactly(
                                    "STATUS=Unhealthy, watchdog pings stopped: health group liveness is DOWN: toggle DOWN");
                    assertThat(systemd.datagrams()).noneMatch(d -> d.has("WATCHDOG=1"));

                    context.getBean(HealthToggle.class).set(true);
                    // Healthy again: a ping, with the application's status back.
                    assertThat(await("WATCHDOG=1").assignments())
                            .containsExactly("WATCHDOG=1", "STATUS=Started OrdersApplication in 4.2 s");
                    assertThat(systemd.problems()).isEmpty();
                });
    }

    @Test
    void healthGroupsAreConfigurable() {
        runner(true)
                .withConfiguration(BootLine.health())
                .withUserConfiguration(HealthToggle.Config.class)
                .withPropertyValues(
                        "management.endpoint.health.group.critical.include=toggle",
                        "systemd4j.notify.watchdog.health-groups=critical")
                .run(context -> {
                    context.getBean(HealthToggle.class).set(false);
                    ready(context);
                    assertThat(systemd.awaitDatagram(
                                            d -> d.get("STATUS").orElse("").startsWith("Unhealthy"), WAIT)
                                    .get("STATUS"))
                            .hasValue("Unhealthy, watchdog pings stopped: health group critical is DOWN: toggle DOWN");
                });
    }

    @Test
    void anIndicatorOutsideTheCheckedGroupsDoesNotStopThePings() {
        runner(true)
                .withConfiguration(BootLine.health())
                .withUserConfiguration(HealthToggle.Config.class)
                .withPropertyValues("management.endpoint.health.probes.enabled=true")
                .run(context -> {
                    // The default liveness group holds livenessState only.
                    context.getBean(HealthToggle.class).set(false);
                    ready(context);
                    await("WATCHDOG=1");
                    assertThat(systemd.datagrams())
                            .noneMatch(d -> d.get("STATUS").orElse("").startsWith("Unhealthy"));
                });
    }

    @Test
    void aGroupThatDoesNotExistFailsTheStart() {
        runner(true)
                .withConfiguration(BootLine.health())
                .withPropertyValues("systemd4j.notify.watchdog.health-groups=critcal")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("health-groups names critcal, which is not a health group")
                        .hasMessageContaining("management.endpoint.health.group.critcal.include"));
    }

    @Test
    void withoutActuatorLivenessIsTheApplicationsLivenessState() {
        runner(true)
                .withClassLoader(new FilteredClassLoader(
                        "org.springframework.boot.actuate", "org.springframework.boot.health", "io.micrometer"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ready(context);
                    await("WATCHDOG=1");
                    systemd.clear();
                    AvailabilityChangeEvent.publish(context, LivenessState.BROKEN);
                    assertThat(systemd.awaitDatagram(
                                            d -> d.get("STATUS").orElse("").startsWith("Unhealthy"), WAIT)
                                    .get("STATUS"))
                            .hasValue("Unhealthy, watchdog pings stopped: liveness state BROKEN");
                });
    }

    @Test
    void withActuatorButNoLivenessGroupLivenessIsTheApplicationsLivenessState() {
        // Spring Boot 3.5's default outside Kubernetes: probes off, so no liveness group.
        runner(true)
                .withConfiguration(BootLine.health())
                .withPropertyValues("management.endpoint.health.probes.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ready(context);
                    await("WATCHDOG=1");
                    AvailabilityChangeEvent.publish(context, LivenessState.BROKEN);
                    assertThat(systemd.awaitDatagram(
                                            d -> d.get("STATUS").orElse("").startsWith("Unhealthy"), WAIT)
                                    .get("STATUS"))
                            .hasValue("Unhealthy, watchdog pings stopped: liveness state BROKEN");
                });
    }

    @Test
    void noHealthGroupsLeavesTheDeadlockCheckOnly() {
        runner(true)
                .withConfiguration(BootLine.health())
                .withUserConfiguration(HealthToggle.Config.class)
                .withPropertyValues(
                        "management.endpoint.health.group.liveness.include=toggle",
                        "systemd4j.notify.watchdog.health-groups=")
                .run(context -> {
                    context.getBean(HealthToggle.class).set(false);
                    ready(context);
                    await("WATCHDOG=1");
                });
    }

    @Test
    void noWatchdogWhenDisabled() {
        runner(true)
                .withPropertyValues("systemd4j.notify.watchdog.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(SystemdWatchdog.class);
                    ready(context);
                    await("READY=1");
                });
    }

    @Test
    void reloadRunsTheApplicationsActionsBetweenReloadingAndReady() {
        AtomicInteger reloads = new AtomicInteger();
        runner(false)
                .withBean(SystemdReloadAction.class, () -> reloads::incrementAndGet)
                .run(context -> {
                    assertThat(context).hasSingleBean(ReloadHandler.class);
                    ready(context);
                    await("READY=1");
                    systemd.clear();
                    assertThat(context.getBean(ReloadHandler.class).reload()).isTrue();
                    assertThat(reloads).hasValue(1);
                    List<NotifyDatagram> sent = systemd.awaitDatagrams(2, WAIT);
                    assertThat(sent.get(0).has("RELOADING=1")).isTrue();
                    assertThat(sent.get(1).assignments()).containsExactly("READY=1");
                });
    }

    @Test
    void aFailingReloadActionIsReportedToSystemd() {
        runner(false)
                .withBean(SystemdReloadAction.class, () -> () -> {
                    throw new IllegalArgumentException("tariffs.csv: line 3");
                })
                .run(context -> {
                    ready(context);
                    await("READY=1");
                    assertThat(context.getBean(ReloadHandler.class).reload()).isFalse();
                    assertThat(await("ERRNO=22").get("STATUS"))
                            .hasValue("Reload failed: java.lang.IllegalArgumentException: tariffs.csv: line 3");
                });
    }

    @Test
    void noReloadHandlerWithoutActionsOrWhenDisabled() {
        runner(false).run(context -> assertThat(context).doesNotHaveBean(ReloadHandler.class));
        runner(false)
                .withBean(SystemdReloadAction.class, () -> () -> {})
                .withPropertyValues("systemd4j.notify.reload.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ReloadHandler.class));
    }

    @Test
    void startsWithoutLogbackLog4j2MicrometerOrActuator() {
        runner(false)
                .withClassLoader(new FilteredClassLoader(
                        "ch.qos.logback",
                        "org.apache.logging.log4j.core",
                        "io.micrometer",
                        "org.springframework.boot.actuate",
                        "org.springframework.boot.health"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(SystemdLifecycle.class);
                    assertThat(context).doesNotHaveBean(SystemdMeterBinder.class);
                    assertThat(context).doesNotHaveBean(SystemdInfoContributor.class);
                    ready(context);
                    await("READY=1");
                });
    }

    /** A user's own notifier bean wins over the starter's. */
    @Configuration(proxyBeanMethods = false)
    static class OwnNotifier {
        @Bean
        SystemdNotifier myNotifier() {
            return SystemdNotifier.fromEnvironment(Map.of());
        }
    }

    @Test
    void theApplicationsOwnNotifierWins() {
        new ApplicationContextRunner()
                .withConfiguration(BootLine.starter())
                .withUserConfiguration(OwnNotifier.class)
                .run(context ->
                        assertThat(context).hasSingleBean(SystemdNotifier.class).hasBean("myNotifier"));
    }
}
