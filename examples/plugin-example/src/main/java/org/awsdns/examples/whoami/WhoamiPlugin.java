package org.awsdns.examples.whoami;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.awsdns.core.Chain;
import org.awsdns.core.Plugin;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Answers a TXT query for one name with what the server saw of the client:
 *
 * <pre>
 * whoami.awsdns. 0 IN TXT "client=127.0.0.1" "port=53211" "transport=udp" "server=awsdns/servers[0]"
 * </pre>
 *
 * Other types of that name get NODATA; every other name is passed to the next plugin.
 *
 * <p>One instance serves every query of its chain position, from several threads at once, so it
 * keeps no per-query state in fields: everything it needs was prepared in the constructor.
 */
final class WhoamiPlugin implements Plugin {
    private final Name name;
    private final long ttl;

    WhoamiPlugin(Name name, long ttl) {
        this.name = requireNonNull(name, "name is null");
        this.ttl = ttl;
    }

    @Override
    public CompletionStage<Response> handle(Query query, Chain next) {
        // pass: not our name (dnsjava compares names case-insensitively), or not class IN
        if (query.dclass() != DClass.IN || !query.name().equals(name)) {
            return next.proceed(query);
        }
        Response response = query.response();
        if (query.type() != Type.TXT && query.type() != Type.ANY) {
            // Our name, another type: say the name exists, so the end of the chain answers NODATA
            // (NOERROR, no records) rather than NXDOMAIN; a later plugin could still answer.
            response.markNameExists();
            return next.proceed(query);
        }
        // answer: fill the response and return it as a completed stage, without calling next.
        // The server writes the reply at once, on this thread. Nothing here blocks.
        response.authoritative(true);
        response.addAnswer(new TXTRecord(name, DClass.IN, ttl, strings(query)));
        return response.complete();
    }

    /** The TXT strings for one query. */
    private static List<String> strings(Query query) {
        InetSocketAddress client = query.client();
        InetAddress address = client.getAddress();
        String block = query.serverBlock();
        return List.of(
                "client=" + (address == null ? escape(client.getHostString()) : address.getHostAddress()),
                "port=" + client.getPort(),
                "transport=" + query.transport().name().toLowerCase(Locale.ROOT),
                "server=awsdns" + (block.isEmpty() ? "" : "/" + escape(block)));
    }

    /**
     * dnsjava's {@link TXTRecord} reads its strings in zone-file syntax, where a backslash starts an
     * escape: escape backslashes and quotes in any text you did not write yourself.
     */
    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
