package org.awsdns.plugins.ec2;

import java.util.concurrent.CompletionStage;
import org.awsdns.core.Chain;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * Until an inventory's first load ends, that a name is not an instance's cannot be known: a
 * negative answer given then would be cached by resolvers (and awsdns' own cache) for the SOA's
 * minimum. So the rest of the chain runs as usual, and an NXDOMAIN it ends with becomes SERVFAIL,
 * which resolvers retry and caches keep only seconds; awsdns's own cache not at all
 * ({@link Response#markForNowOnly()}): once the load ends, the next query has the real answer.
 */
public final class NotLoadedYet {
    private NotLoadedYet() {}

    public static CompletionStage<Response> proceed(Query query, Chain next) {
        return next.proceed(query).thenApply(NotLoadedYet::withoutNegativeAnswer);
    }

    private static Response withoutNegativeAnswer(Response response) {
        if (response.rcode() == Rcode.NXDOMAIN) {
            response.rcode(Rcode.SERVFAIL).removeIf(Section.AUTHORITY, record -> true).markForNowOnly();
        }
        return response;
    }
}
