package io.github.systemd4j.samples.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a halted container may have left on the host: processes, cgroups, a listening port. */
final class Leftovers {
    private Leftovers() {}

    /**
     * Looks for traces of a container.
     *
     * @param container the container's name, which is also its cgroup's
     * @param port the port its service listened on
     * @return one line per trace; empty when nothing is left
     */
    static List<String> of(String container, int port) throws IOException {
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                String cgroup = readOrEmpty(process.resolve("cgroup"));
                String cmdline = readOrEmpty(process.resolve("cmdline")).replace('\0', ' ');
                if (cgroup.contains("/" + container) || cmdline.contains(container)) {
                    found.add("process " + process.getFileName() + ": " + cmdline.strip());
                }
            }
        }
        for (String hierarchy : List.of("", "systemd/", "unified/")) {
            Path cgroup = Path.of("/sys/fs/cgroup/" + hierarchy + container);
            if (Files.exists(cgroup)) {
                found.add("cgroup " + cgroup);
            }
        }
        if (listening(port)) {
            found.add("port " + port + " still accepts connections");
        }
        return found;
    }

    /** Whether something accepts connections on a loopback port. */
    static boolean listening(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException gone) {
            return "";
        }
    }
}
