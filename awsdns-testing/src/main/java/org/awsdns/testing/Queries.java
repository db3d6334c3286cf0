package org.awsdns.testing;

import java.net.InetAddress;
import org.awsdns.core.IpLiterals;
import org.awsdns.core.Query;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Queries for tests, as a client would send them:
 *
 * <pre>{@code
 * Query plain = Queries.query("web.demo.internal.", Type.A);
 * Query tcp = Queries.builder("web.demo.internal.", Type.AAAA).client("10.1.2.3").tcp().edns(1232).build();
 * Message wire = Queries.builder("example.com.", Type.A).message();   // for DnsClient
 * }</pre>
 */
public final class Queries {
    private Queries() {}

    /** An IN query from 127.0.0.1 over UDP, RD set, no EDNS. */
    public static Query query(String name, int type) {
        return builder(name, type).build();
    }

    /** The client message of {@link #query}, for a {@link DnsClient}. */
    public static Message message(String name, int type) {
        return builder(name, type).message();
    }

    public static QueryBuilder builder(String name, int type) {
        return new QueryBuilder(name(name), type);
    }

    /** {@code name} as an absolute DNS name ({@code web.test} and {@code web.test.} alike). */
    public static Name name(String name) {
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + name, e);
        }
    }

    /** An IP address literal (never a lookup). */
    public static InetAddress literal(String address) {
        InetAddress parsed = IpLiterals.parse(address);
        if (parsed == null) {
            throw new IllegalArgumentException("not an IP literal: " + address);
        }
        return parsed;
    }

    /** A type by its mnemonic, e.g. {@code AAAA}. */
    public static int type(String mnemonic) {
        int type = Type.value(mnemonic);
        if (type < 0) {
            throw new IllegalArgumentException("not a DNS type: " + mnemonic);
        }
        return type;
    }
}
