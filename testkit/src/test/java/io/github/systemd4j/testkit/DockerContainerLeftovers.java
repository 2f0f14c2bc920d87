package io.github.systemd4j.testkit;

import com.github.dockerjava.api.model.Container;
import java.util.List;
import java.util.stream.Collectors;

/** What the Docker daemon still holds of the testkit's containers. */
final class DockerContainerLeftovers {
    private DockerContainerLeftovers() {}

    /** The ids of containers, running or not, with this name. */
    static List<String> named(String name) {
        DockerDaemon daemon = (DockerDaemon) DockerDaemon.find();
        return daemon.client().listContainersCmd().withShowAll(true).withNameFilter(List.of(name)).exec().stream()
                .map(Container::getId)
                .collect(Collectors.toList());
    }
}
