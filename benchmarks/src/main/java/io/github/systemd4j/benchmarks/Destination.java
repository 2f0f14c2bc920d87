package io.github.systemd4j.benchmarks;

import io.github.systemd4j.socket.DatagramReceiver;
import io.github.systemd4j.socket.ReceivedDatagram;
import io.github.systemd4j.socket.UnixAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the benchmarks send: the draining socket {@code run.sh} prepared ({@code
 * -Dsystemd4j.bench.socket=PATH}, the C {@code drain} in a network namespace with systemd's queue
 * length), or, for CI's smoke pass, a draining receiver started in this JVM.
 */
final class Destination {
    private static String socket;

    private Destination() {}

    static synchronized String socket() {
        if (socket == null) {
            String given = System.getProperty("systemd4j.bench.socket");
            socket = given != null ? given : startInProcessDrain();
        }
        return socket;
    }

    private static String startInProcessDrain() {
        try {
            Path dir = Files.createTempDirectory("systemd4j-bench");
            DatagramReceiver receiver = DatagramReceiver.bind(UnixAddress.ofPath(dir.resolve("drain")));
            Thread t = new Thread(
                    () -> {
                        while (true) {
                            try (ReceivedDatagram d = receiver.receive(Duration.ofSeconds(1))) {
                                // discard; closing releases passed descriptors
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "in-process drain");
            t.setDaemon(true);
            t.start();
            return dir.resolve("drain").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
