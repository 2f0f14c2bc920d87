package io.github.systemd4j.testkit;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The journald under {@link RealJournald}: a journal namespace's {@code systemd-journald}, on this
 * host ({@link NamespaceJournald}) or in a Docker container ({@link DockerJournald}).
 */
interface JournaldProcess extends AutoCloseable {
    /**
     * Its {@code journald@NAME.conf}: volatile storage, rate limiting and all forwarding off, every
     * level stored, 1 GiB files.
     */
    String CONFIG = String.join(
            "\n",
            "[Journal]",
            "Storage=volatile",
            "RateLimitIntervalSec=0",
            "RateLimitBurst=0",
            "ForwardToSyslog=no",
            "ForwardToKMsg=no",
            "ForwardToConsole=no",
            "ForwardToWall=no",
            "MaxLevelStore=debug",
            "RuntimeMaxUse=4G",
            "RuntimeMaxFileSize=1G",
            "");

    /** The backend it runs on. */
    Backend backend();

    /** The journal namespace's name. */
    String namespace();

    /** The native-protocol socket, as this host's processes reach it. */
    String socketPath();

    /** journald's process id on this host, -1 if it is not running. */
    long pid();

    /** SIGKILL to journald, as a crash would; its socket file stays behind. */
    void kill();

    /** Starts journald again with the same journal (after {@link #kill()}, or while running). */
    void restart() throws IOException;

    /** Runs {@code journalctl --namespace=NAME -o json --all} with these matches. */
    List<JournalRecord> read(String... matches);

    /** What journald printed about itself. */
    String log();

    /** Stops journald and removes what it left. Idempotent. */
    @Override
    void close();

    /**
     * A stream connection to journald's {@code stdout} socket, kept open: a namespace's journald exits
     * after about 30 s without clients.
     */
    static SocketChannel keepAlive(Path stdout) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(stdout));
            // The stdout-stream header: identifier, unit, priority, level prefix, three forwards.
            String header = "systemd4j-testkit-keepalive\n\n6\n0\n0\n0\n0\n";
            channel.write(ByteBuffer.wrap(header.getBytes(StandardCharsets.US_ASCII)));
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }
}
