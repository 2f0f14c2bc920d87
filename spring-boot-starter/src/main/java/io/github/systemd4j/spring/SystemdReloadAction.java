package io.github.systemd4j.spring;

/**
 * What {@code systemctl reload} does in this application. Declare beans of this type, and the
 * starter installs a {@code SIGHUP} handler that sends {@code RELOADING=1}, runs every such bean in
 * their order ({@link org.springframework.core.annotation.Order @Order}), and sends {@code READY=1};
 * when one throws, the rest do not run, systemd is told {@code ERRNO=} and {@code STATUS=Reload
 * failed: …}, and the application goes on with what it had. Spring Boot itself has no reload of its
 * configuration, so there is no such bean by default, and without one {@code SIGHUP} keeps the
 * JVM's default action (shut down).
 *
 * <pre>{@code
 * @Bean
 * SystemdReloadAction reloadTariffs(TariffCache cache) {
 *     return cache::reloadFromDisk;
 * }
 * }</pre>
 *
 * <p>Unit file: {@code ExecReload=/bin/kill -HUP $MAINPID} with {@code Type=notify}, or {@code
 * Type=notify-reload} (systemd 253+) and no {@code ExecReload=}.
 *
 * @see io.github.systemd4j.notify.ReloadHandler
 */
@FunctionalInterface
public interface SystemdReloadAction {
    /**
     * Reloads.
     *
     * @throws Exception if the reload failed; what was in force should stay
     */
    void reload() throws Exception;
}
