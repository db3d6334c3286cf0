package org.awsdns.server.transport;

import java.util.Locale;

/** How a stream connection (TCP, TLS, HTTPS) ended; the {@code reason} label of {@code connections_closed}. */
public enum ConnectionEnd {
    /** No query for the idle timeout. */
    IDLE,
    /** Closed while idle to make room for a new connection when the table was full (RFC 7766 §6.2.3). */
    EVICTED,
    /** The client closed it, after its last frame was complete. */
    CLIENT_CLOSED,
    /** Refused at once: the client (address, or IPv6 prefix) already had its share of connections. */
    PER_CLIENT_LIMIT,
    /** Refused at once: the table was full and no connection in it was idle. */
    TABLE_FULL,
    /** A read or write failed (reset by the client, a broken pipe). */
    ERROR,
    /** The stream ended inside a frame: its length prefix promised bytes that never came. */
    BAD_LENGTH,
    /**
     * An encrypted connection ended before its TLS handshake completed: not TLS (random bytes,
     * plain DNS or HTTP), a refused handshake, or a client that left or reset in the middle.
     */
    TLS_HANDSHAKE,
    /** The server stopped or drained. */
    SHUTDOWN;

    /** The metric label: the name in lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
