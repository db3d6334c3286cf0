package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * What the query path made of one received packet, for the listener to act on: the query path
 * never writes to a socket itself, nor closes one (a stream listener closes a connection only
 * when its framing breaks, which it sees itself). A chain that completes at once gives its outcome at once;
 * otherwise {@link Pending} completes (with any other outcome, never a failure) on whichever
 * thread finished the chain, and the listener writes from its own event loop.
 */
public sealed interface Outcome {

    /**
     * Nothing to send: a plugin asked so (an ACL's drop), or the packet was not a query (counted;
     * a stream listener goes on with the next frame, since the length prefix was sound).
     */
    Outcome NO_REPLY = new NoReply();

    /**
     * The encoded reply, the first {@code length} bytes of {@code wire}, to send as it is (a stream
     * listener adds the length prefix). A reply given at once may lend the query path's per-thread
     * buffer, valid until that thread serves its next query: a listener copies it into its own
     * buffer before it reads on. A reply that completes a {@link Pending} always owns its array.
     */
    record Reply(byte[] wire, int length) implements Outcome {
        public Reply {
            requireNonNull(wire, "wire is null");
            if (length < 0 || length > wire.length) {
                throw new IllegalArgumentException("length " + length + " outside an array of " + wire.length);
            }
        }

        /** A reply that is the whole of {@code wire}. */
        public Reply(byte[] wire) {
            this(wire, wire.length);
        }

        /** The reply in an array of its own, exactly its length. */
        public byte[] bytes() {
            return length == wire.length ? wire : Arrays.copyOf(wire, length);
        }

        /** This reply, in an array of its own if it was lent. */
        Reply owned() {
            return length == wire.length ? this : new Reply(bytes());
        }
    }

    /** No reply to send. */
    record NoReply() implements Outcome {}

    /** The chain is still running; {@code completion} never completes exceptionally. */
    record Pending(CompletableFuture<Outcome> completion) implements Outcome {
        public Pending {
            requireNonNull(completion, "completion is null");
        }
    }
}
