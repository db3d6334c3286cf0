package org.awsdns.plugins.cache;

import static java.util.Objects.requireNonNull;

import org.awsdns.core.NameBytes;
import org.awsdns.core.Query;
import org.xbill.DNS.Name;

/**
 * What a cached response is found by. Names compare case-insensitively, so {@code WWW.example.}
 * and {@code www.example.} share an entry. DO and CD are part of the key: a client asking for
 * DNSSEC records or unchecked data gets answers made for such a query.
 *
 * <p>The hash is {@link NameBytes#hash}, computed once: {@link Name#hashCode()} collides for names
 * that differ only in a number ({@code host-1} ... {@code host-100000} share ~67,000 hashes), so
 * every cache lookup walked a chain of such names comparing each one (a sixth of a cache hit's
 * time in the benchmark of the query path).
 */
final class CacheKey {
    private final Name name;
    private final int type;
    private final int dclass;
    private final boolean dnssecOk;
    private final boolean checkingDisabled;
    private final int hash;

    CacheKey(Name name, int type, int dclass, boolean dnssecOk, boolean checkingDisabled) {
        this.name = requireNonNull(name, "name is null");
        this.type = type;
        this.dclass = dclass;
        this.dnssecOk = dnssecOk;
        this.checkingDisabled = checkingDisabled;
        int h = NameBytes.hash(name);
        h = 31 * h + type;
        h = 31 * h + dclass;
        this.hash = 4 * h + (dnssecOk ? 2 : 0) + (checkingDisabled ? 1 : 0);
    }

    static CacheKey of(Query query) {
        return new CacheKey(query.name(), query.type(), query.dclass(), query.dnssecOk(), query.checkingDisabled());
    }

    Name name() {
        return name;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CacheKey key
                && key.hash == hash
                && key.type == type
                && key.dclass == dclass
                && key.dnssecOk == dnssecOk
                && key.checkingDisabled == checkingDisabled
                && NameBytes.equalsIgnoreCase(key.name, name);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "CacheKey[" + name + " " + type + " " + dclass + (dnssecOk ? " DO" : "") + (checkingDisabled ? " CD" : "") + "]";
    }
}
