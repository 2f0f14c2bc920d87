package io.github.systemd4j.socket;

import io.github.systemd4j.socket.internal.JunixsocketTransport;

/**
 * The contract on junixsocket from the packaged jar: on Java 22+ the {@link PayloadFile}s it passes
 * are the FFM carriers, as when {@code -Dsystemd4j.socket.transport=junixsocket} is set.
 */
class JunixsocketDatagramSenderIT extends DatagramSenderContract {
    @Override
    DatagramSender open(UnixAddress target, SenderOptions options) {
        return JunixsocketTransport.INSTANCE.openSender(target, options);
    }
}
