package org.awsdns.core;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * One client query on its way through a chain, and the {@link Response} being built for it.
 *
 * <p>The server makes one {@code Query} per received message; the plugins of one chain see it one
 * after another (never two at once), so it needs no locking. The request {@link Message} is the
 * client's own and must not be changed: copy it ({@link Message#clone()}) before sending a
 * variant upstream.
 */
public final class Query {
    private final QueryMessage request;
    private final Record question;
    private final InetSocketAddress client;
    private final InetSocketAddress local;
    private final Transport transport;
    private final int maxResponseSize;
    private final String serverBlock;
    private final long receivedNanos;
    private final Response response = new Response();
    /** The first attribute in fields of its own (most queries carry at most one), further ones in an array. */
    private AttributeKey<?> firstKey;
    private Object firstValue;
    /** key, value, key, value, ... */
    private Object[] attributes;

    private Query(QueryMessage request, InetSocketAddress client, InetSocketAddress local, Transport transport,
            int maxResponseSize, String serverBlock, long receivedNanos) {
        this.request = requireNonNull(request, "request is null");
        this.question = requireNonNull(request.question(), "request has no question");
        this.client = requireNonNull(client, "client is null");
        this.local = local;
        this.transport = requireNonNull(transport, "transport is null");
        this.maxResponseSize = maxResponseSize;
        this.serverBlock = requireNonNull(serverBlock, "serverBlock is null");
        this.receivedNanos = receivedNanos;
    }

    /**
     * The query a listener received: what {@link #builder(QueryMessage)} would build with every
     * field set, without a builder (the query path makes one query per packet).
     */
    public static Query received(QueryMessage request, InetSocketAddress client, InetSocketAddress local,
            Transport transport, int maxResponseSize, String serverBlock, long receivedNanos) {
        return new Query(request, client, local, transport, maxResponseSize, serverBlock, receivedNanos);
    }

    /**
     * A new query for the same client message (cloned, so the copy may be changed), with the same
     * client, transport, limits, server block, receive time and attributes, and a fresh, empty
     * response. For a plugin that runs the rest of the chain on its own behalf (a cache filling
     * itself, a prefetch) and must not touch the response the client is waiting for.
     */
    public Query copy() {
        Query copy = builder(request.copy())
                .client(client)
                .local(local)
                .transport(transport)
                .maxResponseSize(maxResponseSize)
                .serverBlock(serverBlock)
                .receivedNanos(receivedNanos)
                .build();
        copy.firstKey = firstKey;
        copy.firstValue = firstValue;
        if (attributes != null) {
            copy.attributes = attributes.clone();
        }
        return copy;
    }

    /** Starts a query for {@code request}, which must hold exactly one question. */
    public static Builder builder(Message request) {
        return new Builder(QueryMessage.of(request));
    }

    /** Starts a query for {@code request}, which must hold exactly one question. */
    public static Builder builder(QueryMessage request) {
        return new Builder(request);
    }

    /** The client's message, as received (parsed by dnsjava on the first call). Read only. */
    public Message request() {
        return request.message();
    }

    /** The client's message as the query path reads it: header fields and question without a dnsjava parse. */
    public QueryMessage message() {
        return request;
    }

    /** The question record. */
    public Record question() {
        return question;
    }

    /** The name asked for, in the client's case (dnsjava compares names case-insensitively). */
    public Name name() {
        return question.getName();
    }

    /** The type asked for, a {@link org.xbill.DNS.Type} constant. */
    public int type() {
        return question.getType();
    }

    /** The class asked for, a {@link org.xbill.DNS.DClass} constant. */
    public int dclass() {
        return question.getDClass();
    }

    /** The client's address and port. */
    public InetSocketAddress client() {
        return client;
    }

    /** The address the query arrived on, or {@code null} when unknown. */
    public InetSocketAddress local() {
        return local;
    }

    public Transport transport() {
        return transport;
    }

    /** The largest response the client accepts over this transport (65535 over TCP). */
    public int maxResponseSize() {
        return maxResponseSize;
    }

    /** The name of the server block serving the query. */
    public String serverBlock() {
        return serverBlock;
    }

    /** {@link System#nanoTime()} when the query was received. */
    public long receivedNanos() {
        return receivedNanos;
    }

    /** Recursion desired (RD) was set by the client. */
    public boolean recursionDesired() {
        return request.flag(Flags.RD);
    }

    /** Checking disabled (CD) was set by the client. */
    public boolean checkingDisabled() {
        return request.flag(Flags.CD);
    }

    /** The client sent an EDNS OPT record. */
    public boolean hasEdns() {
        return request.hasEdns();
    }

    /** The client set the DNSSEC OK (DO) bit. */
    public boolean dnssecOk() {
        return request.dnssecOk();
    }

    /** The response being built for this query. */
    public Response response() {
        return response;
    }

    /** The value an earlier plugin left under {@code key}, or {@code null}. */
    public <T> T attribute(AttributeKey<T> key) {
        if (firstKey == key) {
            return key.cast(firstValue);
        }
        if (attributes == null) {
            return null;
        }
        for (int i = 0; i < attributes.length && attributes[i] != null; i += 2) {
            if (attributes[i] == key) {
                return key.cast(attributes[i + 1]);
            }
        }
        return null;
    }

    /** Leaves {@code value} under {@code key} for the plugins after this one. */
    public <T> void setAttribute(AttributeKey<T> key, T value) {
        if (firstKey == null || firstKey == key) {
            firstKey = key;
            firstValue = value;
            return;
        }
        if (attributes == null) {
            attributes = new Object[4];
        }
        int i = 0;
        while (i < attributes.length && attributes[i] != null && attributes[i] != key) {
            i += 2;
        }
        if (i == attributes.length) {
            attributes = java.util.Arrays.copyOf(attributes, attributes.length * 2);
        }
        attributes[i] = key;
        attributes[i + 1] = value;
    }

    @Override
    public String toString() {
        return name() + " " + org.xbill.DNS.Type.string(type()) + " from " + IpLiterals.format(client) + " over " + transport;
    }

    /** The default client: a constant, since a new address per query would be allocated for nothing. */
    private static final InetSocketAddress NO_CLIENT = new InetSocketAddress(0);

    /** Builds a {@link Query}. */
    public static final class Builder {
        private final QueryMessage request;
        private InetSocketAddress client = NO_CLIENT;
        private InetSocketAddress local;
        private Transport transport = Transport.UDP;
        private int maxResponseSize = 512;
        private String serverBlock = "";
        private long receivedNanos = Long.MIN_VALUE; // now, unless set

        private Builder(QueryMessage request) {
            this.request = request;
        }

        public Builder client(InetSocketAddress client) {
            this.client = client;
            return this;
        }

        public Builder local(InetSocketAddress local) {
            this.local = local;
            return this;
        }

        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        public Builder maxResponseSize(int maxResponseSize) {
            this.maxResponseSize = maxResponseSize;
            return this;
        }

        public Builder serverBlock(String serverBlock) {
            this.serverBlock = requireNonNull(serverBlock, "serverBlock is null");
            return this;
        }

        public Builder receivedNanos(long receivedNanos) {
            this.receivedNanos = receivedNanos;
            return this;
        }

        public Query build() {
            return new Query(request, client, local, transport, maxResponseSize, serverBlock,
                    receivedNanos == Long.MIN_VALUE ? System.nanoTime() : receivedNanos);
        }
    }
}
