/**
 * A Spring Boot web service whose only systemd part is the systemd4j starter: its log reaches the
 * journal with MDC fields, its readiness, start, watchdog and stop are systemd's business, all
 * without a line of systemd code. See {@code samples/README.md}.
 */
package io.github.systemd4j.samples.boot;
