package org.awsdns.server.reliability;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A UDP port on 127.0.0.1 that receives queries and never answers them. */
final class SilentUpstream implements AutoCloseable {
    private final DatagramSocket socket;

    SilentUpstream() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        socket.close();
    }
}
