/**
 * Spring Boot auto-configuration that makes a Boot application a systemd service: journal logging
 * through the systemd4j appenders, {@code READY=1} on readiness, {@code EXTEND_TIMEOUT_USEC} while
 * the context starts, {@code STOPPING=1} on close, a watchdog gated on Actuator health, Micrometer
 * meters and an optional reload hook. Properties: {@code systemd4j.journal.*} ({@link
 * io.github.systemd4j.spring.SystemdJournalProperties}) and {@code systemd4j.notify.*} ({@link
 * io.github.systemd4j.spring.SystemdNotifyProperties}).
 *
 * @see <a href="https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html">sd_notify(3)</a>
 */
package io.github.systemd4j.spring;
