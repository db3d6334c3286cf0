package org.awsdns.plugins.acl;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.awsdns.core.Chain;
import org.awsdns.core.Plugin;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.xbill.DNS.Rcode;

/**
 * Lets a query through, refuses it, or drops it, by the client's address and the query's type.
 * The first rule that matches decides; a query no rule matches goes through.
 *
 * <p>The query path reads the client's address as integers once and compares it with the rules'
 * masked networks: no allocation for an IPv4 client, one 16-byte copy for an IPv6 one.
 */
final class AclPlugin implements Plugin {
    private final CompiledRule[] rules;
    private final AclMetrics metrics;

    AclPlugin(List<CompiledRule> rules, AclMetrics metrics) {
        this.rules = rules.toArray(CompiledRule[]::new);
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    public CompletionStage<Response> handle(Query query, Chain next) {
        int index = decide(query.client().getAddress(), query.type());
        if (index < 0) {
            metrics.noRuleMatched();
            return next.proceed(query);
        }
        metrics.matched(index);
        return switch (rules[index].action()) {
            case ALLOW -> next.proceed(query);
            case BLOCK -> query.response().rcode(Rcode.REFUSED).complete();
            case DROP -> drop(query);
        };
    }

    /** The index of the first rule matching the client and type, or -1. */
    int decide(InetAddress client, int type) {
        if (client instanceof Inet4Address ipv4) {
            return decideIpv4(ClientAddress.ipv4(ipv4), type);
        }
        if (client instanceof Inet6Address ipv6) {
            byte[] bytes = ClientAddress.ipv6(ipv6);
            if (ClientAddress.isIpv4Mapped(bytes)) {
                return decideIpv4(Network.toInt(bytes, 12), type);
            }
            long high = Network.toLong(bytes, 0);
            long low = Network.toLong(bytes, 8);
            for (int i = 0; i < rules.length; i++) {
                if (rules[i].matchesType(type) && rules[i].matchesIpv6(high, low)) {
                    return i;
                }
            }
            return -1;
        }
        for (int i = 0; i < rules.length; i++) {
            if (rules[i].matchesType(type) && rules[i].matchesUnknownClient()) {
                return i;
            }
        }
        return -1;
    }

    private int decideIpv4(int address, int type) {
        for (int i = 0; i < rules.length; i++) {
            if (rules[i].matchesType(type) && rules[i].matchesIpv4(address)) {
                return i;
            }
        }
        return -1;
    }

    /** Drops the query: the server sends nothing. */
    private static CompletionStage<Response> drop(Query query) {
        return query.response().noReply();
    }
}
