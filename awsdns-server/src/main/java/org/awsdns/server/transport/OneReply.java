package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xbill.DNS.Header;
import org.xbill.DNS.Rcode;

/**
 * The one outcome of one query: the first of send, noReply or dropped reaches the target, later
 * ones are ignored. A failure path can so always tell the target (which frees the connection's
 * in-flight count) without risking a second reply.
 *
 * <p>An error reply (any rcode but NOERROR and NXDOMAIN) larger than {@code maxErrorSize} goes
 * out as a bare header: over UDP an error never answers more bytes than the query had, so a
 * spoofed query cannot amplify (a question name compressed into the header grows when echoed).
 */
final class OneReply extends AtomicBoolean implements ReplyTarget {
    private static final int RCODE_MASK = 0x0F;

    private final transient ReplyTarget target;
    private final int maxErrorSize;

    OneReply(ReplyTarget target, int maxErrorSize) {
        this.target = requireNonNull(target, "target is null");
        this.maxErrorSize = maxErrorSize;
    }

    @Override
    public void send(byte[] reply, InetSocketAddress client) {
        if (compareAndSet(false, true)) {
            target.send(reply.length > maxErrorSize && isError(reply) ? bareHeader(reply) : reply, client);
        }
    }

    private static boolean isError(byte[] reply) {
        int rcode = reply[3] & RCODE_MASK;
        return rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN;
    }

    /** The reply's header with every count at zero. */
    private static byte[] bareHeader(byte[] reply) {
        byte[] header = Arrays.copyOf(reply, Header.LENGTH);
        Arrays.fill(header, 4, Header.LENGTH, (byte) 0);
        return header;
    }

    @Override
    public void noReply(InetSocketAddress client) {
        if (compareAndSet(false, true)) {
            target.noReply(client);
        }
    }

    @Override
    public void dropped(InetSocketAddress client) {
        if (compareAndSet(false, true)) {
            target.dropped(client);
        }
    }
}
