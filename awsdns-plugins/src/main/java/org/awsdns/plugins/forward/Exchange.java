package org.awsdns.plugins.forward;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/**
 * One query sent to one upstream over one socket, and the wait for its reply. Everything but the
 * constructor runs on the I/O thread of {@link UpstreamIo}; the future completes there too.
 */
abstract class Exchange {
    final InetSocketAddress server;
    final Record question;
    final long deadlineNanos;
    final CompletableFuture<Message> future = new CompletableFuture<>();
    private final byte[] query;
    int id;
    SelectableChannel channel;
    private boolean done;

    Exchange(InetSocketAddress server, byte[] query, Record question, long deadlineNanos) {
        this.server = server;
        this.query = query;
        this.question = question;
        this.deadlineNanos = deadlineNanos;
    }

    /** Opens the socket and sends (or starts sending) the query under {@code id}. */
    abstract void start(Selector selector, int id) throws IOException;

    /** The socket is ready for what was asked of it. */
    abstract void onReady(SelectionKey key, ByteBuffer scratch) throws IOException;

    /** The query's wire form with the ID set; a fresh copy per exchange. */
    final byte[] wireWithId(int id) {
        this.id = id;
        byte[] wire = query.clone();
        wire[0] = (byte) (id >>> 8);
        wire[1] = (byte) id;
        return wire;
    }

    /** RFC 5452: a reply counts only with our ID, the QR bit and our question. */
    final boolean matches(Message reply) {
        Record replied = reply.getQuestion();
        return reply.getHeader().getID() == id
                && reply.getHeader().getFlag(Flags.QR)
                && replied != null
                && replied.getType() == question.getType()
                && replied.getDClass() == question.getDClass()
                && replied.getName().equals(question.getName());
    }

    final boolean isDone() {
        return done;
    }

    final void succeed(Message reply) {
        if (finish()) {
            future.complete(reply);
        }
    }

    final void fail(Throwable failure) {
        if (finish()) {
            future.completeExceptionally(failure);
        }
    }

    private boolean finish() {
        if (done) {
            return false;
        }
        done = true;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
        return true;
    }
}
