package io.github.systemd4j.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HealthEndpointGroups;

/** {@link HealthGroups} of Spring Boot 3.5 ({@code org.springframework.boot.actuate.health}). */
final class Boot3HealthGroups implements HealthGroups {
    private final HealthEndpoint endpoint;
    private final HealthEndpointGroups groups;

    Boot3HealthGroups(HealthEndpoint endpoint, HealthEndpointGroups groups) {
        this.endpoint = endpoint;
        this.groups = groups;
    }

    @Override
    public boolean exists(String group) {
        return groups.get(group) != null;
    }

    @Override
    public Optional<String> check(String group, Set<String> unhealthy) {
        HealthComponent health = endpoint.healthForPath(group);
        if (health == null) {
            return Optional.of("health group " + group + " is gone");
        }
        String status = health.getStatus().getCode();
        if (!unhealthy.contains(status)) {
            return Optional.empty();
        }
        List<String> members = new ArrayList<>();
        collect("", health, unhealthy, members);
        return Optional.of(HealthGroups.describe(group, status, members));
    }

    /** The unhealthy leaves under a component, as {@code path STATUS}. */
    private static void collect(String path, HealthComponent health, Set<String> unhealthy, List<String> out) {
        if (health instanceof CompositeHealth) {
            Map<String, HealthComponent> components = ((CompositeHealth) health).getComponents();
            if (components != null) {
                for (Map.Entry<String, HealthComponent> c : components.entrySet()) {
                    collect(path.isEmpty() ? c.getKey() : path + "/" + c.getKey(), c.getValue(), unhealthy, out);
                }
                return;
            }
        }
        String status = health.getStatus().getCode();
        if (!path.isEmpty() && unhealthy.contains(status)) {
            out.add(path + " " + status);
        }
    }
}
