package io.github.systemd4j.journal.logback;

/** {@link LogbackVersionTest} in the integration-test cells. */
class LogbackVersionIT extends LogbackVersionTest {}
