package io.github.systemd4j.benchmarks;

import io.github.systemd4j.socket.DatagramSender;
import io.github.systemd4j.socket.PayloadFile;
import io.github.systemd4j.socket.SenderOptions;
import io.github.systemd4j.socket.UnixAddress;
import io.github.systemd4j.socket.internal.FfmTransport;
import io.github.systemd4j.socket.internal.JunixsocketTransport;
import io.github.systemd4j.socket.internal.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * socket-core's two transports side by side (Java 22+ only, where both exist): the same pre-encoded
 * ~290-byte datagram, and the same 16 MiB entry through a passed file. The file is made the same way
 * for both (a sealed memfd, as {@link PayloadFile#create} does on Java 22+ whichever transport sends),
 * so that the difference is the transport's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class TransportBenchmark {
    @Param({"ffm", "junixsocket"})
    public String transport;

    private DatagramSender sender;
    private ByteBuffer datagram;
    private ByteBuffer large;

    @Setup
    public void open() {
        Transport t = transport.equals("ffm") ? FfmTransport.INSTANCE : JunixsocketTransport.INSTANCE;
        if (t.unusableReason() != null) {
            throw new IllegalStateException(transport + " is not usable here: " + t.unusableReason());
        }
        sender = t.openSender(UnixAddress.parse(Destination.socket()), SenderOptions.defaults());
        String entry = "PRIORITY=6\nSYSLOG_IDENTIFIER=bench\nLOGGER=" + BenchEvent.LOGGER + "\nTHREAD_NAME=main\n"
                + "TID=4242\nDB_HOST=" + BenchEvent.DB_HOST + "\nREQUEST_ID=" + BenchEvent.REQUEST_ID
                + "\nMESSAGE=" + BenchEvent.MESSAGE + "\n";
        byte[] bytes = entry.getBytes(StandardCharsets.UTF_8);
        datagram = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        large = ByteBuffer.allocateDirect(16 << 20);
        large.put("MESSAGE\n".getBytes(StandardCharsets.US_ASCII));
        large.putLong(Long.reverseBytes((16 << 20) - 17));
        large.position(large.limit() - 1).put((byte) '\n').flip();
    }

    @TearDown
    public void close() {
        sender.close();
    }

    @Benchmark
    public void datagram() throws IOException {
        sender.send(datagram.duplicate());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void fileDescriptor16MiB() throws IOException {
        try (PayloadFile file = PayloadFile.create(large.duplicate())) {
            sender.sendWithFileDescriptors(ByteBuffer.allocate(0), file.fileDescriptor());
        }
    }
}
