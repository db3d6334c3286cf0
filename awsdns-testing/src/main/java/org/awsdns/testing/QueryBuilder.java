package org.awsdns.testing;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.awsdns.core.Query;
import org.awsdns.core.Transport;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Builds one client query; start with {@link Queries#builder}. Defaults: IN, RD, UDP from 127.0.0.1, no EDNS. */
public final class QueryBuilder {
    private final Name name;
    private final int type;
    private int dclass = DClass.IN;
    private boolean recursionDesired = true;
    private boolean checkingDisabled;
    private int ednsPayload = -1;
    private boolean dnssecOk;
    private int ednsVersion;
    private InetSocketAddress client = new InetSocketAddress(InetAddress.getLoopbackAddress(), 53211);
    private InetSocketAddress local;
    private Transport transport = Transport.UDP;
    private String serverBlock = "";
    private Integer id;
    private Long receivedNanos;

    QueryBuilder(Name name, int type) {
        this.name = requireNonNull(name, "name is null");
        this.type = type;
    }

    public QueryBuilder dclass(int dclass) {
        this.dclass = dclass;
        return this;
    }

    public QueryBuilder recursionDesired(boolean recursionDesired) {
        this.recursionDesired = recursionDesired;
        return this;
    }

    public QueryBuilder checkingDisabled() {
        this.checkingDisabled = true;
        return this;
    }

    /** Adds an EDNS OPT record advertising {@code payloadSize}. */
    public QueryBuilder edns(int payloadSize) {
        this.ednsPayload = payloadSize;
        return this;
    }

    /** Sets the DO bit (with EDNS at 1232 unless {@link #edns} says otherwise). */
    public QueryBuilder dnssecOk() {
        this.dnssecOk = true;
        if (ednsPayload < 0) {
            ednsPayload = 1232;
        }
        return this;
    }

    /** The EDNS version the OPT record carries (default 0; a server answers BADVERS above 0), with EDNS at 1232 unless {@link #edns} says otherwise. */
    public QueryBuilder ednsVersion(int version) {
        this.ednsVersion = version;
        if (ednsPayload < 0) {
            ednsPayload = 1232;
        }
        return this;
    }

    public QueryBuilder id(int id) {
        this.id = id;
        return this;
    }

    /** The client's address, an IP literal (port 53211). */
    public QueryBuilder client(String address) {
        return client(new InetSocketAddress(Queries.literal(address), 53211));
    }

    public QueryBuilder client(InetSocketAddress client) {
        this.client = requireNonNull(client, "client is null");
        return this;
    }

    public QueryBuilder local(InetSocketAddress local) {
        this.local = local;
        return this;
    }

    public QueryBuilder tcp() {
        this.transport = Transport.TCP;
        return this;
    }

    public QueryBuilder transport(Transport transport) {
        this.transport = requireNonNull(transport, "transport is null");
        return this;
    }

    /** When the server received the query, on {@link System#nanoTime()}'s scale (default: when built). */
    public QueryBuilder receivedNanos(long receivedNanos) {
        this.receivedNanos = receivedNanos;
        return this;
    }

    public QueryBuilder serverBlock(String serverBlock) {
        this.serverBlock = requireNonNull(serverBlock, "serverBlock is null");
        return this;
    }

    /** The client's message: what a {@link DnsClient} sends. */
    public Message message() {
        Message message = Message.newQuery(Record.newRecord(name, type, dclass));
        if (id != null) {
            message.getHeader().setID(id);
        }
        if (!recursionDesired) {
            message.getHeader().unsetFlag(Flags.RD);
        }
        if (checkingDisabled) {
            message.getHeader().setFlag(Flags.CD);
        }
        if (ednsPayload >= 0) {
            message.addRecord(new OPTRecord(ednsPayload, 0, ednsVersion, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
        }
        return message;
    }

    /** The query as the server hands it to a chain, with the size limit the transport and EDNS give. */
    public Query build() {
        int limit = transport == Transport.TCP ? 65535 : Math.max(512, ednsPayload);
        Query.Builder builder = Query.builder(message());
        if (receivedNanos != null) {
            builder.receivedNanos(receivedNanos);
        }
        return builder
                .client(client)
                .local(local)
                .transport(transport)
                .maxResponseSize(limit)
                .serverBlock(serverBlock)
                .build();
    }
}
