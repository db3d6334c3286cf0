package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import org.awsdns.core.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client TCP connection: reads length-prefixed queries, runs up to {@code maxPipelined} of
 * them at once (answers may leave out of order), and writes the replies one after another.
 *
 * <p>Every field is touched only by the selector thread; replies completed elsewhere are handed
 * over with {@link TcpServer#execute}.
 */
final class TcpConnection implements ReplyTarget {
    private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);
    private static final int INITIAL_BUFFER = 1024;
    private static final int LENGTH_PREFIX = 2;

    private final TcpServer server;
    private final SocketChannel channel;
    private final ListenEndpoint endpoint;
    private final InetSocketAddress client;
    private final QueryProcessor processor;
    private final int maxPipelined;
    private final ArrayDeque<ByteBuffer> writes = new ArrayDeque<>();
    private SelectionKey key;
    private ConnectionTable.Slot slot;
    /** The activity last told to the table as idle, so a busy connection moves to the idle list's end. */
    private long idleMarkedAt;
    private boolean active;
    private ByteBuffer in = ByteBuffer.allocate(INITIAL_BUFFER);
    private int inFlight;
    private long lastActivityNanos;
    private boolean inputClosed;
    private boolean readingFrames;
    private boolean closed;

    TcpConnection(
            TcpServer server,
            SocketChannel channel,
            InetSocketAddress client,
            ListenEndpoint endpoint,
            QueryProcessor processor,
            int maxPipelined) {
        this.server = requireNonNull(server, "server is null");
        this.channel = requireNonNull(channel, "channel is null");
        this.client = requireNonNull(client, "client is null");
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.processor = requireNonNull(processor, "processor is null");
        this.maxPipelined = maxPipelined;
        this.lastActivityNanos = System.nanoTime();
    }

    void attach(SelectionKey key, ConnectionTable.Slot slot) {
        this.key = key;
        this.slot = slot;
        this.idleMarkedAt = lastActivityNanos;
    }

    /** The table took this connection's slot back for a newer one. */
    void evict() {
        if (server.inSelectorThread()) {
            close(ConnectionEnd.EVICTED);
        } else {
            server.execute(() -> close(ConnectionEnd.EVICTED));
        }
    }

    void onReadable() {
        try {
            if (channel.read(in) < 0) {
                inputClosed = true; // a half-read frame is dropped with the connection
            }
        } catch (IOException e) {
            close(ConnectionEnd.ERROR);
            return;
        }
        readFrames();
        updateInterest();
    }

    void onWritable() {
        flush();
        if (!closed) {
            readFrames(); // frames held back while replies waited may go now
            updateInterest();
        }
    }

    /**
     * Queries in flight and replies not yet written both count against the pipelining cap, so a
     * client that sends and never reads stops being read instead of growing the write queue.
     */
    private boolean mayStartQuery() {
        return inFlight + writes.size() < maxPipelined;
    }

    /** Starts the queries whose frames are complete, as far as the pipelining cap allows. */
    private void readFrames() {
        readingFrames = true;
        in.flip();
        while (!closed && mayStartQuery() && !server.draining() && in.remaining() >= LENGTH_PREFIX) {
            int length = in.getShort(in.position()) & 0xFFFF;
            if (in.remaining() < LENGTH_PREFIX + length) {
                break;
            }
            in.position(in.position() + LENGTH_PREFIX);
            byte[] frame = new byte[length];
            in.get(frame);
            inFlight++;
            lastActivityNanos = System.nanoTime();
            processor.process(frame, client, endpoint, Transport.TCP, this);
        }
        readingFrames = false;
        if (closed) {
            return;
        }
        in.compact();
        if (in.position() >= LENGTH_PREFIX) {
            int needed = LENGTH_PREFIX + (in.getShort(0) & 0xFFFF);
            if (needed > in.capacity()) {
                ByteBuffer larger = ByteBuffer.allocate(needed);
                in.flip();
                larger.put(in);
                in = larger;
            }
        }
    }

    @Override
    public void send(byte[] reply, InetSocketAddress ignored) {
        if (server.inSelectorThread()) {
            queueReply(reply);
        } else {
            server.execute(() -> queueReply(reply));
        }
    }

    /** No frame for this query: it no longer counts against the pipelining cap. */
    @Override
    public void noReply(InetSocketAddress ignored) {
        if (server.inSelectorThread()) {
            unanswered();
        } else {
            server.execute(this::unanswered);
        }
    }

    private void unanswered() {
        inFlight--;
        if (closed) {
            return;
        }
        lastActivityNanos = System.nanoTime();
        if (!readingFrames) {
            readFrames(); // frames held back by the pipelining cap may go now
            updateInterest();
        }
    }

    /**
     * The frame was not a query (a response, too short, empty): counted by the processor and
     * skipped. Its length prefix was sound, so the frames after it, and the replies to the
     * queries before it, are not lost.
     */
    @Override
    public void dropped(InetSocketAddress client) {
        noReply(client);
    }

    private void queueReply(byte[] reply) {
        inFlight--;
        if (closed) {
            return;
        }
        ByteBuffer framed = ByteBuffer.allocate(LENGTH_PREFIX + reply.length);
        framed.putShort((short) reply.length).put(reply).flip();
        writes.add(framed);
        lastActivityNanos = System.nanoTime();
        if (writes.size() == 1) {
            flush();
        }
        if (!readingFrames && !closed) {
            readFrames(); // frames held back by the pipelining cap may go now
            updateInterest();
        }
    }

    private void flush() {
        try {
            while (!writes.isEmpty()) {
                ByteBuffer head = writes.peek();
                channel.write(head);
                if (head.hasRemaining()) {
                    return; // the socket is full: OP_WRITE resumes
                }
                writes.poll();
            }
        } catch (IOException e) {
            log.debug("write to {} failed", client, e);
            close(ConnectionEnd.ERROR);
        }
    }

    /** Sets what the selector watches for, and closes the connection once it has nothing left to do. */
    void updateInterest() {
        if (closed) {
            return;
        }
        boolean noMoreQueries = inputClosed || server.draining();
        boolean idle = inFlight == 0 && writes.isEmpty();
        if (noMoreQueries && idle) {
            close(inputClosed ? endOfInput() : ConnectionEnd.SHUTDOWN);
            return;
        }
        tellTable(idle);
        int ops = 0;
        if (!noMoreQueries && mayStartQuery()) {
            ops |= SelectionKey.OP_READ;
        }
        if (!writes.isEmpty()) {
            ops |= SelectionKey.OP_WRITE;
        }
        key.interestOps(ops);
    }

    /** A stream that ended inside a frame had a broken length prefix. */
    private ConnectionEnd endOfInput() {
        return in.position() > 0 ? ConnectionEnd.BAD_LENGTH : ConnectionEnd.CLIENT_CLOSED;
    }

    private void tellTable(boolean idle) {
        if (!idle) {
            if (!active) {
                active = true;
                slot.markActive();
            }
        } else if (active || idleMarkedAt != lastActivityNanos) {
            active = false;
            idleMarkedAt = lastActivityNanos;
            slot.markIdle();
        }
    }

    /** Closes the connection when no query arrived for {@code idleNanos} and none is pending. */
    void closeIfIdle(long now, long idleNanos) {
        if (!closed && inFlight == 0 && writes.isEmpty() && now - lastActivityNanos >= idleNanos) {
            log.debug("closing idle connection from {}", client);
            close(ConnectionEnd.IDLE);
        }
    }

    void close(ConnectionEnd reason) {
        if (closed) {
            return;
        }
        closed = true;
        if (slot != null) {
            slot.release(reason);
        }
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing connection from {} failed", client, e);
        }
        server.closed(this);
    }
}
