/**
 * systemd4j socket-core: AF_UNIX datagram sending, file-descriptor passing and carriers for large
 * payloads. The only module of systemd4j that touches junixsocket or native calls.
 */
module io.github.systemd4j.socket {
    requires org.newsclub.net.unix;

    exports io.github.systemd4j.socket;
}
