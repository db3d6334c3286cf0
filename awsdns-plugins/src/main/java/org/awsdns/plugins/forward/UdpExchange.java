package org.awsdns.plugins.forward;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/**
 * A query over UDP from a fresh socket bound to an ephemeral port (the kernel picks it at random)
 * and connected to the upstream, so datagrams from other sources never reach it. Replies that do
 * not match are dropped and the wait goes on.
 */
final class UdpExchange extends Exchange {
    private final Runnable onMismatch;

    UdpExchange(InetSocketAddress server, byte[] query, Record question, long deadlineNanos, Runnable onMismatch) {
        super(server, query, question, deadlineNanos);
        this.onMismatch = onMismatch;
    }

    @Override
    void start(Selector selector, int id) throws IOException {
        DatagramChannel datagram = DatagramChannel.open(server.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET);
        channel = datagram;
        datagram.configureBlocking(false);
        datagram.bind(null);
        datagram.connect(server);
        if (datagram.write(ByteBuffer.wrap(wireWithId(id))) == 0) {
            throw new IOException("UDP send buffer full");
        }
        datagram.register(selector, SelectionKey.OP_READ, this);
    }

    @Override
    void onReady(SelectionKey key, ByteBuffer scratch) throws IOException {
        DatagramChannel datagram = (DatagramChannel) channel;
        while (!isDone()) {
            scratch.clear();
            int read = datagram.read(scratch);
            if (read <= 0) {
                return;
            }
            scratch.flip();
            Message reply;
            try {
                reply = new Message(scratch);
            } catch (IOException malformed) {
                onMismatch.run();
                continue;
            }
            if (matches(reply)) {
                succeed(reply);
            } else {
                onMismatch.run();
            }
        }
    }
}
