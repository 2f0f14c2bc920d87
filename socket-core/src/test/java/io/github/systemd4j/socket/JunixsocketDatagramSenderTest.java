package io.github.systemd4j.socket;

import io.github.systemd4j.socket.internal.JunixsocketTransport;

/** The contract on junixsocket, on the compiled classes (Java 17 classes on every JDK). */
class JunixsocketDatagramSenderTest extends DatagramSenderContract {
    @Override
    DatagramSender open(UnixAddress target, SenderOptions options) {
        return JunixsocketTransport.INSTANCE.openSender(target, options);
    }
}
