package io.github.systemd4j.spring;

import java.util.Optional;
import java.util.Set;

/**
 * Reads Actuator health groups for the watchdog. Spring Boot 3.5 and 4.0 have the same health
 * model in different packages ({@code org.springframework.boot.actuate.health}, {@code
 * org.springframework.boot.health}); one implementation per line reads it.
 */
interface HealthGroups {
    /**
     * Whether a health group of that name is configured.
     *
     * @param group such as {@code liveness}
     * @return true if it exists
     */
    boolean exists(String group);

    /**
     * Checks a group now.
     *
     * @param group an existing group
     * @param unhealthy status codes that count as unhealthy
     * @return empty when healthy, else the group's status and the unhealthy members, such as {@code
     *     health group liveness is DOWN: db DOWN}
     */
    Optional<String> check(String group, Set<String> unhealthy);

    /** Formats a problem: the group, its status, and its unhealthy members (joined). */
    static String describe(String group, String status, Iterable<String> members) {
        String list = String.join(", ", members);
        return "health group " + group + " is " + status + (list.isEmpty() ? "" : ": " + list);
    }
}
