/** The sample service logging through Log4j2's {@code <Journal>} appender. */
package io.github.systemd4j.samples.log4j2;
