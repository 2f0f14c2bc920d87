package io.github.systemd4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/** The tests run on the Spring Boot line the build says (3.5 here, 4.0 in spring-boot-starter/boot4). */
class BootLineTest {
    /** Fails unless the Spring Boot on the class path is {@code systemd4j.expected.spring-boot}. */
    static void assertExpectedVersion() {
        String expected = System.getProperty("systemd4j.expected.spring-boot");
        assertThat(expected).as("systemd4j.expected.spring-boot").isNotBlank();
        assertThat(SpringBootVersion.getVersion()).isEqualTo(expected);
        assertThat(BootLine.isBoot4()).isEqualTo(expected.startsWith("4."));
    }

    @Test
    void theExpectedSpringBootIsOnTheClassPath() {
        assertExpectedVersion();
    }
}
