package org.awsdns.plugins.forward;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/** A query over a fresh TCP connection (RFC 7766 framing: a two-byte length before each message). */
final class TcpExchange extends Exchange {
    private ByteBuffer out;
    private final ByteBuffer length = ByteBuffer.allocate(2);
    private ByteBuffer in;

    TcpExchange(InetSocketAddress server, byte[] query, Record question, long deadlineNanos) {
        super(server, query, question, deadlineNanos);
    }

    @Override
    void start(Selector selector, int id) throws IOException {
        byte[] wire = wireWithId(id);
        out = ByteBuffer.allocate(wire.length + 2);
        out.putShort((short) wire.length).put(wire).flip();
        SocketChannel socket = SocketChannel.open();
        channel = socket;
        socket.configureBlocking(false);
        if (socket.connect(server)) {
            socket.register(selector, SelectionKey.OP_WRITE, this);
        } else {
            socket.register(selector, SelectionKey.OP_CONNECT, this);
        }
    }

    @Override
    void onReady(SelectionKey key, ByteBuffer scratch) throws IOException {
        SocketChannel socket = (SocketChannel) channel;
        if (key.isConnectable()) {
            socket.finishConnect();
            key.interestOps(SelectionKey.OP_WRITE);
            return;
        }
        if (key.isWritable()) {
            socket.write(out);
            if (!out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
            }
            return;
        }
        if (key.isReadable()) {
            read(socket);
        }
    }

    private void read(SocketChannel socket) throws IOException {
        if (in == null) {
            if (socket.read(length) < 0) {
                throw new EOFException("upstream closed the TCP connection before replying");
            }
            if (length.hasRemaining()) {
                return;
            }
            in = ByteBuffer.allocate(length.flip().getShort() & 0xFFFF);
        }
        if (socket.read(in) < 0) {
            throw new EOFException("upstream closed the TCP connection in the middle of a reply");
        }
        if (in.hasRemaining()) {
            return;
        }
        in.flip();
        Message reply = new Message(in);
        if (!matches(reply)) {
            throw new IOException("TCP reply does not match the query (ID or question differ)");
        }
        succeed(reply);
    }
}
