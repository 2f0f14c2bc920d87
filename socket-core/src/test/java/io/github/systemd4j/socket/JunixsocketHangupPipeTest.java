package io.github.systemd4j.socket;

import io.github.systemd4j.socket.internal.JunixsocketTransport;
import java.io.IOException;

/** The pipe contract on junixsocket, on the compiled classes (Java 17 classes on every JDK). */
class JunixsocketHangupPipeTest extends HangupPipeContract {
    @Override
    HangupPipe openPipe() throws IOException {
        return JunixsocketTransport.INSTANCE.openHangupPipe();
    }

    @Override
    DatagramSender openSender(UnixAddress target) {
        return JunixsocketTransport.INSTANCE.openSender(target, SenderOptions.defaults());
    }
}
