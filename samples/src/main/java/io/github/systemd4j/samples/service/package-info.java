/**
 * The sample HTTP service as a systemd citizen, shared by its three logging variants: socket
 * activation, readiness, status, the health-gated watchdog, reload and stop ({@link
 * io.github.systemd4j.samples.service.SampleService}); a minimal HTTP server that accepts on a
 * socket it is handed; and {@link io.github.systemd4j.samples.service.ServiceLog}, the one thing
 * each logging framework implements.
 */
package io.github.systemd4j.samples.service;
