package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;

/**
 * What the query path made of one received packet, for the listener to act on: the query path
 * never writes to a socket itself. A chain that completes at once gives its outcome at once;
 * otherwise {@link Pending} completes (with any other outcome, never a failure) on whichever
 * thread finished the chain, and the listener writes from its own event loop.
 */
public sealed interface Outcome {

    /** Nothing to send: a plugin asked so (an ACL's drop), or the packet was not a query. */
    Outcome NO_REPLY = new Silent(false);

    /**
     * Nothing to send, and the packet was not DNS: a stream that carried it should not be
     * trusted further. A datagram listener treats it as {@link #NO_REPLY}.
     */
    Outcome CLOSE = new Silent(true);

    /** The encoded reply, to send as it is (a stream listener adds the length prefix). */
    record Reply(byte[] wire) implements Outcome {
        public Reply {
            requireNonNull(wire, "wire is null");
        }
    }

    /** No reply to send. */
    record Silent(boolean close) implements Outcome {}

    /** The chain is still running; {@code completion} never completes exceptionally. */
    record Pending(CompletableFuture<Outcome> completion) implements Outcome {
        public Pending {
            requireNonNull(completion, "completion is null");
        }
    }
}
