package org.awsdns.plugins.cache;

import org.awsdns.core.Response;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * How long a response may be cached:
 * <ul>
 *   <li>positive (NOERROR with answers): the lowest answer TTL, raised to {@code min_ttl}, capped
 *       at {@code max_ttl};
 *   <li>negative (NXDOMAIN, or NOERROR without answers): by RFC 2308, the lower of the SOA's TTL and
 *       its MINIMUM field, from the SOA in the authority section, capped at {@code max_negative_ttl}
 *       (and at the lowest answer TTL, for a CNAME chain ending in nothing); without an SOA it is not
 *       cached (RFC 2308 section 5);
 *   <li>SERVFAIL: {@code servfail_ttl};
 *   <li>anything else (REFUSED, FORMERR, NOTIMP, ...): not cached.
 * </ul>
 */
final class TtlPolicy {
    private final long minTtl;
    private final long maxTtl;
    private final long maxNegativeTtl;
    private final long servfailTtl;

    TtlPolicy(CacheConfig config) {
        this.minTtl = config.minTtl();
        this.maxTtl = config.maxTtl();
        this.maxNegativeTtl = config.maxNegativeTtl();
        this.servfailTtl = config.servfailTtl();
    }

    /** A snapshot of {@code response}, the answer to {@code question}, taken at {@code nowMillis}, with its cache lifetime (0: do not cache). */
    CachedAnswer snapshot(Record question, Response response, long nowMillis) {
        int rcode = response.rcode();
        if (rcode == Rcode.SERVFAIL) {
            return CachedAnswer.of(question, response, nowMillis, servfailTtl, 0);
        }
        boolean negative = rcode == Rcode.NXDOMAIN || (rcode == Rcode.NOERROR && response.count(Section.ANSWER) == 0);
        if (negative) {
            return CachedAnswer.of(question, response, nowMillis, negativeTtl(response), 0);
        }
        if (rcode == Rcode.NOERROR) {
            long ttl = Math.min(Math.max(minimumTtl(response), minTtl), maxTtl);
            return CachedAnswer.of(question, response, nowMillis, ttl, minTtl);
        }
        return CachedAnswer.of(question, response, nowMillis, 0, 0);
    }

    private long negativeTtl(Response response) {
        for (Record record : response.authority()) {
            if (record instanceof SOARecord soa) {
                long ttl = Math.min(Math.min(soa.getTTL(), soa.getMinimum()), maxNegativeTtl);
                return response.answer().isEmpty() ? ttl : Math.min(ttl, minimumTtl(response));
            }
        }
        return 0;
    }

    private static long minimumTtl(Response response) {
        long minimum = Long.MAX_VALUE;
        for (Record record : response.answer()) {
            minimum = Math.min(minimum, record.getTTL());
        }
        return minimum;
    }
}
