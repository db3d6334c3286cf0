package org.awsdns.server.transport;

/**
 * The header flags a server block puts on every reply it sends, whoever made the reply (a
 * plugin's answer, a SERVFAIL, a timeout): RA when the block's chain offers recursion
 * ({@link org.awsdns.core.Pipeline#offersRecursion()}), as RFC 1035 4.1.1 wants RA to say what
 * the server offers rather than who answered. AA is not decided here: the plugins that own the
 * data mark it in the response ({@link org.awsdns.core.Response#authoritative(boolean)}).
 *
 * <p>Works on the encoded reply, so answers kept as wire bytes get the same flags.
 */
final class ReplyFlags {
    private static final int FLAGS_LOW_BYTE = 3;
    private static final int RA = 0x80;

    private ReplyFlags() {}

    /** Sets in {@code reply} (a DNS message, at least a header) the flags {@code block} owes it; returns {@code reply}. */
    static byte[] apply(ServerBlock block, byte[] reply) {
        if (block.pipeline().offersRecursion() && reply.length > FLAGS_LOW_BYTE) {
            reply[FLAGS_LOW_BYTE] |= (byte) RA;
        }
        return reply;
    }

    /** As {@link #apply(ServerBlock, byte[])}, for a reply that may be a lent buffer's first bytes. */
    static Outcome.Reply apply(ServerBlock block, Outcome.Reply reply) {
        if (block.pipeline().offersRecursion() && reply.length() > FLAGS_LOW_BYTE) {
            reply.wire()[FLAGS_LOW_BYTE] |= (byte) RA;
        }
        return reply;
    }
}
