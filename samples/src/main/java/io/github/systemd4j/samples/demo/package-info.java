/**
 * The one-command demo, {@code ./demo}: the sample under a throw-away real systemd, or as much of it
 * as this machine allows.
 */
package io.github.systemd4j.samples.demo;
