package org.awsdns.plugins.cache;

import java.util.ArrayList;
import java.util.List;
import org.awsdns.core.Response;
import org.awsdns.core.WireAnswer;
import org.xbill.DNS.Record;

/**
 * An immutable snapshot of a response as the chain below the cache produced it, with the time it
 * was stored and how long it stays fresh. It is kept as wire bytes ({@link WireAnswer}), with each
 * record's TTL as served at age 0 (raised to {@code min_ttl}, capped at the entry's lifetime): a
 * hit hands those bytes to the client's {@link Response} with the entry's age, and the server
 * copies them with the TTLs counted down. No records are kept, so an entry's heap is its bytes and
 * a few objects, which {@link #heapBytes()} counts.
 */
final class CachedAnswer {
    static final long STALE_TTL = 30;
    /** This object: header, three ints, two booleans, two longs, three references. */
    private static final long OBJECT_BYTES = 56;

    private final int rcode;
    private final boolean authoritative;
    private final boolean recursionAvailable;
    private final WireAnswer wire;
    /** Only when the response could not be kept as wire bytes (it is then not cached either). */
    private final Response fallback;
    private final long storedMillis;
    private final long ttlSeconds;
    /** The plugin that produced this answer below the cache; null for the end of the chain. */
    private final String producedBy;

    private CachedAnswer(Response response, WireAnswer wire, long storedMillis, long ttlSeconds) {
        this.rcode = response.rcode();
        this.producedBy = response.answeredBy();
        this.authoritative = response.authoritative();
        this.recursionAvailable = response.recursionAvailable();
        this.wire = wire;
        this.fallback = wire == null ? response : null;
        this.storedMillis = storedMillis;
        this.ttlSeconds = wire == null ? 0 : ttlSeconds;
    }

    /**
     * A snapshot of {@code response}, the answer to {@code question}.
     *
     * @param ttlSeconds how long it stays fresh; 0 when it must not be cached
     * @param floorSeconds the lowest TTL a record is served with at age 0 (the configured
     *     {@code min_ttl} for positive answers), never above {@code ttlSeconds}
     */
    static CachedAnswer of(Record question, Response response, long storedMillis, long ttlSeconds, long floorSeconds) {
        long floor = Math.min(floorSeconds, ttlSeconds);
        WireAnswer wire;
        if (ttlSeconds > 0 && needsClamp(response, floor, ttlSeconds)) {
            wire = WireAnswer.encode(question, response.rcode(), response.authoritative(), response.recursionAvailable(),
                    clamped(response.answer(), floor, ttlSeconds), clamped(response.authority(), floor, ttlSeconds),
                    clamped(response.additional(), floor, ttlSeconds));
        } else {
            wire = WireAnswer.of(question, response); // a view's kept answer is shared, not copied
        }
        return new CachedAnswer(response, wire, storedMillis, ttlSeconds);
    }

    private static boolean needsClamp(Response response, long floor, long ceiling) {
        return outside(response.answer(), floor, ceiling) || outside(response.authority(), floor, ceiling)
                || outside(response.additional(), floor, ceiling);
    }

    private static boolean outside(List<Record> records, long floor, long ceiling) {
        for (Record record : records) {
            if (record.getTTL() < floor || record.getTTL() > ceiling) {
                return true;
            }
        }
        return false;
    }

    private static List<Record> clamped(List<Record> records, long floor, long ceiling) {
        List<Record> result = new ArrayList<>(records.size());
        for (Record record : records) {
            result.add(Ttls.withTtl(record, Math.min(Math.max(record.getTTL(), floor), ceiling)));
        }
        return result;
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

    /** What this snapshot keeps on the heap: this object and its wire answer (see {@link WireAnswer#heapBytes()}). */
    long heapBytes() {
        return OBJECT_BYTES + (wire == null ? 0 : wire.heapBytes());
    }

    long expiresMillis() {
        return storedMillis + ttlSeconds * 1000;
    }

    boolean isFresh(long nowMillis) {
        return nowMillis < expiresMillis();
    }

    /** Fills {@code response} with this answer, TTLs counted down to {@code nowMillis}. */
    Response writeTo(Response response, long nowMillis) {
        if (wire == null) {
            return copy(response);
        }
        long age = ttlSeconds == 0 ? 0 : Math.max(0, (nowMillis - storedMillis) / 1000);
        response.wire(wire, age);
        return flags(response);
    }

    /** Fills {@code response} with this expired answer, every TTL {@value #STALE_TTL} s (RFC 8767). */
    Response writeStaleTo(Response response) {
        if (wire == null) {
            return copy(response);
        }
        response.wireWithTtl(wire, STALE_TTL);
        return flags(response);
    }

    private Response flags(Response response) {
        if (response.rcode() != rcode) {
            response.rcode(rcode);
        }
        response.creditTo(producedBy); // the producer answered, the cache only kept it
        return response.authoritative(authoritative).recursionAvailable(recursionAvailable);
    }

    /** The chain's own records, for the rare response that is not kept as wire bytes. */
    private Response copy(Response response) {
        response.rcode(rcode).authoritative(authoritative).recursionAvailable(recursionAvailable);
        response.creditTo(producedBy); // the producer answered, the cache only kept it
        response.addAnswers(fallback.answer());
        for (Record record : fallback.authority()) {
            response.addAuthority(record);
        }
        for (Record record : fallback.additional()) {
            response.addAdditional(record);
        }
        return response;
    }
}
