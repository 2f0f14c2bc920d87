package io.github.systemd4j.spring;

import io.github.systemd4j.notify.HealthCheck;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;

/**
 * The watchdog's view of the application's health: each configured Actuator health group, or, for
 * {@code liveness} where no such group is configured, the application's {@link LivenessState} (what
 * that group holds by default).
 */
final class WatchdogHealthCheck implements HealthCheck {
    private final List<Supplier<Optional<String>>> checks = new ArrayList<>();

    /**
     * Resolves each group once.
     *
     * @param groups the group names
     * @param unhealthyStatuses status codes that count as unhealthy
     * @param actuator Actuator's health groups, null without Actuator's health endpoint
     * @param availability the application's availability, null if there is none
     * @throws IllegalStateException for a group that exists nowhere
     */
    WatchdogHealthCheck(
            List<String> groups,
            List<String> unhealthyStatuses,
            HealthGroups actuator,
            ApplicationAvailability availability) {
        Set<String> unhealthy = new LinkedHashSet<>();
        for (String status : unhealthyStatuses) {
            unhealthy.add(status.trim().toUpperCase(Locale.ROOT));
        }
        for (String group : groups) {
            if (actuator != null && actuator.exists(group)) {
                checks.add(() -> actuator.check(group, unhealthy));
            } else if (group.equals("liveness") && availability != null) {
                checks.add(() -> availability.getLivenessState() == LivenessState.CORRECT
                        ? Optional.empty()
                        : Optional.of("liveness state " + availability.getLivenessState()));
            } else {
                throw new IllegalStateException("systemd4j.notify.watchdog.health-groups names " + group
                        + ", which is not a health group"
                        + (actuator == null
                                ? " (Actuator's health endpoint is not available)"
                                : ": define it with management.endpoint.health.group." + group + ".include"));
            }
        }
    }

    /** Whether any group is checked. */
    boolean isEmpty() {
        return checks.isEmpty();
    }

    @Override
    public Optional<String> check() {
        List<String> problems = new ArrayList<>();
        for (Supplier<Optional<String>> check : checks) {
            check.get().ifPresent(problems::add);
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }
}
