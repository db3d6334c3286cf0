package org.awsdns.server.transport;

import java.net.InetSocketAddress;

/** Where the replies to one listener's (or one connection's) queries go. Thread-safe. */
interface ReplyTarget {

    /** Sends {@code reply} to {@code client}; may be called from any thread. */
    void send(byte[] reply, InetSocketAddress client);

    /** A query from {@code client} was answered with nothing, on a plugin's request (an ACL's drop). */
    void noReply(InetSocketAddress client);

    /** The packet from {@code client} gets no reply because it was not a query. */
    void dropped(InetSocketAddress client);
}
