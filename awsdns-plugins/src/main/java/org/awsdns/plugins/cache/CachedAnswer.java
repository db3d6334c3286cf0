package org.awsdns.plugins.cache;

import java.util.ArrayList;
import java.util.List;
import org.awsdns.core.Response;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * An immutable snapshot of a response as the chain below the cache produced it, with the time it
 * was stored and how long it stays fresh. Callers never share it: {@link #writeTo} copies its
 * records (immutable dnsjava {@link Record}s) into each caller's own {@link Response}, with TTLs
 * reduced by the entry's age.
 *
 * <p>The records served for one age (in whole seconds) are built once and reused until the age
 * changes, so a hot entry costs no record copies on most hits.
 */
final class CachedAnswer {
    static final long STALE_TTL = 30;

    private final int rcode;
    private final boolean authoritative;
    private final boolean recursionAvailable;
    private final List<Record> answer;
    private final List<Record> authority;
    private final List<Record> additional;
    private final long storedMillis;
    private final long ttlSeconds;
    private final long floorSeconds;
    private final int bytes;
    private volatile Served served;
    private volatile Served stale;
    /** The plugin that produced this answer below the cache; null for the end of the chain. */
    private final String producedBy;

    /** The records as served at one age. */
    private record Served(long age, List<Record> answer, List<Record> authority, List<Record> additional) {}

    private CachedAnswer(Response response, long storedMillis, long ttlSeconds, long floorSeconds) {
        this.rcode = response.rcode();
        this.producedBy = response.answeredBy();
        this.authoritative = response.authoritative();
        this.recursionAvailable = response.recursionAvailable();
        this.answer = List.copyOf(response.answer());
        this.authority = List.copyOf(response.authority());
        this.additional = List.copyOf(response.additional());
        this.storedMillis = storedMillis;
        this.ttlSeconds = ttlSeconds;
        this.floorSeconds = floorSeconds;
        this.bytes = 64 + size(answer, Section.ANSWER) + size(authority, Section.AUTHORITY) + size(additional, Section.ADDITIONAL);
    }

    /**
     * A snapshot of {@code response}.
     *
     * @param ttlSeconds how long it stays fresh; 0 when it must not be cached
     * @param floorSeconds the lowest TTL a record is served with at age 0 (the configured
     *     {@code min_ttl} for positive answers), never above {@code ttlSeconds}
     */
    static CachedAnswer of(Response response, long storedMillis, long ttlSeconds, long floorSeconds) {
        return new CachedAnswer(response, storedMillis, ttlSeconds, Math.min(floorSeconds, ttlSeconds));
    }

    int rcode() {
        return rcode;
    }

    long ttlSeconds() {
        return ttlSeconds;
    }

    long storedMillis() {
        return storedMillis;
    }

    /** An estimate of the memory held: the uncompressed wire size of the records, plus a little. */
    int bytes() {
        return bytes;
    }

    long expiresMillis() {
        return storedMillis + ttlSeconds * 1000;
    }

    boolean isFresh(long nowMillis) {
        return nowMillis < expiresMillis();
    }

    /** Fills {@code response} with this answer, TTLs counted down to {@code nowMillis}. */
    Response writeTo(Response response, long nowMillis) {
        long age = Math.max(0, (nowMillis - storedMillis) / 1000);
        Served current = served;
        if (current == null || current.age() != age) {
            current = serve(age, -1);
            served = current;
        }
        return write(response, current);
    }

    /** Fills {@code response} with this expired answer, every TTL {@value #STALE_TTL} s (RFC 8767). */
    Response writeStaleTo(Response response) {
        Served current = stale;
        if (current == null) {
            current = serve(0, STALE_TTL);
            stale = current;
        }
        return write(response, current);
    }

    private Response write(Response response, Served records) {
        response.rcode(rcode).authoritative(authoritative).recursionAvailable(recursionAvailable);
        response.creditTo(producedBy); // the producer answered, the cache only kept it
        response.addAnswers(records.answer());
        for (Record record : records.authority()) {
            response.addAuthority(record);
        }
        for (Record record : records.additional()) {
            response.addAdditional(record);
        }
        return response;
    }

    private Served serve(long age, long fixedTtl) {
        return new Served(age, served(answer, age, fixedTtl), served(authority, age, fixedTtl), served(additional, age, fixedTtl));
    }

    private List<Record> served(List<Record> records, long age, long fixedTtl) {
        if (records.isEmpty() || (ttlSeconds == 0 && fixedTtl < 0)) {
            return records; // not cached: passed on as the chain below gave it
        }
        List<Record> result = new ArrayList<>(records.size());
        for (Record record : records) {
            long ttl = fixedTtl >= 0 ? fixedTtl : Math.max(0, Math.min(Math.max(record.getTTL(), floorSeconds), ttlSeconds) - age);
            result.add(Ttls.withTtl(record, ttl));
        }
        return List.copyOf(result);
    }

    private static int size(List<Record> records, int section) {
        int total = 0;
        for (Record record : records) {
            total += record.toWire(section).length;
        }
        return total;
    }
}
