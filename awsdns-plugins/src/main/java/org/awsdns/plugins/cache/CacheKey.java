package org.awsdns.plugins.cache;

import org.awsdns.core.Query;
import org.xbill.DNS.Name;

/**
 * What a cached response is found by. {@link Name} compares and hashes case-insensitively, so
 * {@code WWW.example.} and {@code www.example.} share an entry. DO and CD are part of the key: a
 * client asking for DNSSEC records or unchecked data gets answers made for such a query.
 */
record CacheKey(Name name, int type, int dclass, boolean dnssecOk, boolean checkingDisabled) {

    static CacheKey of(Query query) {
        return new CacheKey(query.name(), query.type(), query.dclass(), query.dnssecOk(), query.checkingDisabled());
    }
}
