package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import org.awsdns.core.QueryMessage;
import org.xbill.DNS.Message;

/** What {@link QueryDecoder} made of a packet. */
sealed interface Decoded {

    /** A well-formed query to run through a chain. */
    record Accepted(QueryMessage request, int udpSize) implements Decoded {
        public Accepted {
            requireNonNull(request, "request is null");
        }
    }

    /** Not a query at all (too short, or a response): no reply, ever. */
    record Dropped(MalformedReason reason) implements Decoded {
        public Dropped {
            requireNonNull(reason, "reason is null");
        }
    }

    /**
     * A query to answer at once with an error rcode, without a chain.
     *
     * @param request the parsed request, or {@code null} when it could not be parsed (the reply
     *     is then a bare header copied from the packet)
     * @param rcode the reply's rcode, extended rcodes included
     * @param malformed why the query was malformed, or {@code null} when it was only unsupported
     */
    record Rejected(Message request, int rcode, MalformedReason malformed) implements Decoded {}
}
