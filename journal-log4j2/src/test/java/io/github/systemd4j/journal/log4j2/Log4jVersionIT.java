package io.github.systemd4j.journal.log4j2;

/** {@link Log4jVersionTest} in the integration-test cells. */
class Log4jVersionIT extends Log4jVersionTest {}
