package io.github.systemd4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.systemd4j.notify.NotifyEnvironment;
import io.github.systemd4j.notify.SystemdNotifier;
import io.github.systemd4j.testkit.FakeNotifySocket;
import io.github.systemd4j.testkit.NotifyDatagram;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What happens before the context exists, with a real {@code SpringApplication} whose starter
 * listener sees a fake notification socket: the start timeout extension and its switches, the
 * notifier handed to the context, the status of a failed start.
 */
class SystemdApplicationListenerTest {
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

    /** An application with the starter's notify auto-configuration. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ApplicationAvailabilityAutoConfiguration.class, SystemdNotifyAutoConfiguration.class})
    static class Application {}

    /** The same with a runner that fails the start. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ApplicationAvailabilityAutoConfiguration.class, SystemdNotifyAutoConfiguration.class})
    static class FailingApplication {
        @Bean
        ApplicationRunner failing() {
            return args -> {
                throw new IllegalStateException("no database");
            };
        }
    }

    private ConfigurableApplicationContext run(Class<?> application, String... args) {
        SpringApplication spring = new SpringApplication(application);
        spring.setWebApplicationType(WebApplicationType.NONE);
        spring.setMainApplicationClass(application);
        List<ApplicationListener<?>> listeners = new ArrayList<>(spring.getListeners());
        listeners.removeIf(l -> l instanceof SystemdApplicationListener);
        listeners.add(new SystemdApplicationListener(
                new SystemdEnvironment(Map.of(), Path.of("/dev/null"), Path.of("/dev/null")),
                NotifyEnvironment.of(systemd.environment())));
        spring.setListeners(listeners);
        return spring.run(args);
    }

    @Test
    void theStartIsExtendedUntilReadyOnTheSameNotifier() {
        try (ConfigurableApplicationContext context = run(Application.class)) {
            NotifyDatagram ready = systemd.awaitDatagram(d -> d.has("READY=1"), WAIT);
            List<NotifyDatagram> sent = systemd.datagrams();
            assertThat(sent.get(0).assignments()).containsExactly("EXTEND_TIMEOUT_USEC=10000000");
            // Sent from the notifier the listener made, which the context uses: READY=1 ended the
            // extension on it.
            assertThat(context.getBean(SystemdNotifier.class))
                    .isSameAs(context.getBean(SystemdApplicationListener.NOTIFIER_BEAN));
            assertThat(ready.get("STATUS").orElse("")).startsWith("Started Application in ");
            assertThat(systemd.problems()).isEmpty();
        }
    }

    @Test
    void theExtensionIsConfigurable() {
        try (ConfigurableApplicationContext context =
                run(Application.class, "--systemd4j.notify.extend-timeout.extension=45s")) {
            systemd.awaitDatagram(d -> d.has("READY=1"), WAIT);
            assertThat(systemd.datagrams().get(0).assignments()).containsExactly("EXTEND_TIMEOUT_USEC=45000000");
        }
    }

    @Test
    void noExtensionWhenDisabled() {
        try (ConfigurableApplicationContext context =
                run(Application.class, "--systemd4j.notify.extend-timeout.enabled=false")) {
            systemd.awaitDatagram(d -> d.has("READY=1"), WAIT);
            // The extension would have gone out first, when the environment was ready.
            assertThat(systemd.datagrams())
                    .noneMatch(d -> d.get("EXTEND_TIMEOUT_USEC").isPresent());
        }
    }

    @Test
    void nothingWhenNotifyIsDisabled() {
        try (ConfigurableApplicationContext context = run(Application.class, "--systemd4j.notify.enabled=false")) {
            assertThat(context.containsBean(SystemdApplicationListener.NOTIFIER_BEAN))
                    .isFalse();
            assertThat(context.getBeansOfType(SystemdNotifier.class)).isEmpty();
        }
    }

    @Test
    void aFailedStartIsTheStatus() {
        assertThatThrownBy(() -> run(FailingApplication.class)).hasMessage("no database");
        NotifyDatagram failed = systemd.awaitDatagram(d -> d.get("STATUS").isPresent(), WAIT);
        assertThat(failed.assignments()).hasSize(1);
        assertThat(failed.get("STATUS").orElseThrow())
                .startsWith("Failed to start: ")
                .contains("no database");
        assertThat(systemd.datagrams()).noneMatch(d -> d.has("READY=1"));
    }
}
