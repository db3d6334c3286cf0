package org.awsdns.plugins.any;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletionStage;
import org.awsdns.core.Chain;
import org.awsdns.core.Metrics;
import org.awsdns.core.Plugin;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.xbill.DNS.DClass;
import org.xbill.DNS.HINFORecord;
import org.xbill.DNS.Type;

/**
 * Answers queries of type ANY with the minimal response of RFC 8482, section 4.2: one synthesized
 * HINFO record, CPU {@code "RFC8482"} and an empty OS, for the name asked. Other types, and
 * ANY in another class than IN, pass on.
 */
final class AnyPlugin implements Plugin {
    static final String CPU = "RFC8482";
    static final String OS = "";

    private final long ttl;
    private final Metrics.Counter answered;

    AnyPlugin(long ttl, Metrics metrics) {
        this.ttl = ttl;
        this.answered = requireNonNull(metrics, "metrics is null")
                .counter("any_answered", "ANY queries answered with the RFC 8482 minimal HINFO answer");
    }

    @Override
    public CompletionStage<Response> handle(Query query, Chain next) {
        if (query.type() != Type.ANY || query.dclass() != DClass.IN) {
            return next.proceed(query);
        }
        answered.increment();
        // a Name is immutable; one small record per ANY query, which are rare
        return query.response()
                .addAnswer(new HINFORecord(query.name(), DClass.IN, ttl, CPU, OS))
                .complete();
    }
}
