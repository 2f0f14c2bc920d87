package io.github.systemd4j.notify;

import io.github.systemd4j.socket.InheritedDescriptor;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A socket-activated program for {@link SocketActivationIT}: reports what it inherited, then
 * serves one request on each socket.
 */
final class ActivatedService {
    private ActivatedService() {}

    public static void main(String[] args) throws Exception {
        SocketActivation passed = SocketActivation.fromEnvironment();
        List<String> report = new ArrayList<>();
        report.add("names " + passed.names());
        report.add("same object " + (passed == SocketActivation.fromEnvironment()));
        List<String> sockets = socketDescriptors();
        report.add("socket descriptors " + sockets.size()); // the inherited numbers were closed
        report.add("sockets without FD_CLOEXEC " + withoutCloexec(sockets));
        for (int i = 0; i < passed.names().size(); i++) {
            InheritedDescriptor d = passed.descriptors().get(i);
            String at;
            try {
                at = String.valueOf(d.localAddress());
            } catch (java.io.IOException abstractName) {
                at = "no path";
            }
            report.add(passed.names().get(i) + " from " + d.originalNumber() + " at " + at);
        }
        String text = String.join("\n", report) + "\n";
        if ("stream".equals(args[0])) {
            for (String name : passed.names()) {
                ServerSocketChannel server = passed.serverSocketChannel(name).orElseThrow();
                try (SocketChannel connection = server.accept()) {
                    connection.write(
                            ByteBuffer.wrap(("served by " + name + "\n" + text).getBytes(StandardCharsets.UTF_8)));
                }
            }
        } else {
            DatagramChannel events = passed.datagramChannel("events").orElseThrow();
            ByteBuffer in = ByteBuffer.allocate(100);
            events.read(in);
            System.out.print(
                    text + "received " + new String(in.array(), 0, in.position(), StandardCharsets.UTF_8) + "\n");
        }
        passed.close();
    }

    private static List<String> socketDescriptors() throws Exception {
        List<String> found = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        found.add(fd.getFileName().toString());
                    }
                } catch (java.io.IOException gone) {
                    // the listing's own descriptor
                }
            }
        }
        return found;
    }

    private static List<String> withoutCloexec(List<String> descriptors) throws Exception {
        List<String> found = new ArrayList<>();
        for (String fd : descriptors) {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
                if (line.startsWith("flags:")
                        && (Integer.parseInt(line.substring(6).trim(), 8) & 02000000) == 0) {
                    found.add(fd);
                }
            }
        }
        return found;
    }
}
