package org.awsdns.plugins.cache;

import java.time.Duration;
import java.util.Locale;

/**
 * The {@code cache} plugin's settings. TTLs are whole seconds, as in DNS.
 *
 * <pre>{@code
 * - cache: {capacity: 100000, max_ttl: 3600, max_negative_ttl: 1800, min_ttl: 5,
 *           prefetch: {hits: 10, before: 10%}, serve_stale: 1h}
 * }</pre>
 *
 * @param capacity the most responses kept
 * @param maxBytes the most bytes of records kept, e.g. {@code 64MiB}; each entry counts as at least
 *     {@code max_bytes / capacity}, so that both bounds hold
 * @param maxTtl the longest a positive answer is kept, in seconds
 * @param minTtl the shortest a positive answer is kept, in seconds (raises lower record TTLs)
 * @param maxNegativeTtl the longest an NXDOMAIN or NODATA answer is kept, in seconds
 * @param servfailTtl how long a SERVFAIL is kept, in seconds; 0 never keeps it
 * @param prefetch refresh popular entries before they expire; absent: never
 * @param serveStale how long after expiry an entry may still be served when the chain below fails
 *     (RFC 8767); absent: never
 * @param staleTimeout how long a query waits for the chain below before a stale entry is served
 */
public record CacheConfig(
        Integer capacity,
        String maxBytes,
        Long maxTtl,
        Long minTtl,
        Long maxNegativeTtl,
        Long servfailTtl,
        PrefetchConfig prefetch,
        Duration serveStale,
        Duration staleTimeout) {

    static final int DEFAULT_CAPACITY = 10_000;
    static final String DEFAULT_MAX_BYTES = "64MiB";
    static final long DEFAULT_MAX_TTL = 3600;
    static final long DEFAULT_MAX_NEGATIVE_TTL = 1800;
    static final long DEFAULT_SERVFAIL_TTL = 5;
    static final long MAX_SERVFAIL_TTL = 300;
    static final Duration DEFAULT_STALE_TIMEOUT = Duration.ofMillis(1800);

    public CacheConfig {
        capacity = capacity == null ? DEFAULT_CAPACITY : capacity;
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        maxBytes = maxBytes == null ? DEFAULT_MAX_BYTES : maxBytes.trim();
        if (parseBytes(maxBytes) < capacity) {
            throw new IllegalArgumentException("max_bytes (" + maxBytes + ") must allow at least one byte per entry of capacity (" + capacity + ")");
        }
        maxTtl = seconds("max_ttl", maxTtl, DEFAULT_MAX_TTL);
        minTtl = seconds("min_ttl", minTtl, 0);
        maxNegativeTtl = seconds("max_negative_ttl", maxNegativeTtl, DEFAULT_MAX_NEGATIVE_TTL);
        servfailTtl = seconds("servfail_ttl", servfailTtl, DEFAULT_SERVFAIL_TTL);
        if (minTtl > maxTtl) {
            throw new IllegalArgumentException("min_ttl (" + minTtl + ") must not exceed max_ttl (" + maxTtl + ")");
        }
        if (servfailTtl > MAX_SERVFAIL_TTL) {
            throw new IllegalArgumentException("servfail_ttl must be at most " + MAX_SERVFAIL_TTL + " seconds (RFC 2308), got " + servfailTtl);
        }
        if (serveStale != null && (serveStale.isNegative() || serveStale.isZero())) {
            throw new IllegalArgumentException("serve_stale must be positive, got " + serveStale);
        }
        staleTimeout = staleTimeout == null ? DEFAULT_STALE_TIMEOUT : staleTimeout;
        if (staleTimeout.isNegative() || staleTimeout.isZero()) {
            throw new IllegalArgumentException("stale_timeout must be positive, got " + staleTimeout);
        }
    }

    /** {@code max_bytes} in bytes. */
    public long maxBytesValue() {
        return parseBytes(maxBytes);
    }

    private static long seconds(String key, Long value, long fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be between 0 and " + Integer.MAX_VALUE + " seconds, got " + value);
        }
        return value;
    }

    /** Parses {@code 1048576}, {@code 512KiB}, {@code 64MiB}, {@code 1GiB} (also KB, MB, GB as powers of 1000). */
    static long parseBytes(String text) {
        String value = text.trim();
        int split = 0;
        while (split < value.length() && Character.isDigit(value.charAt(split))) {
            split++;
        }
        if (split == 0) {
            throw badSize(text);
        }
        long multiplier = switch (value.substring(split).trim().toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "kib", "k" -> 1L << 10;
            case "mib", "m" -> 1L << 20;
            case "gib", "g" -> 1L << 30;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            default -> throw badSize(text);
        };
        try {
            return Math.multiplyExact(Long.parseLong(value.substring(0, split)), multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            throw badSize(text);
        }
    }

    private static IllegalArgumentException badSize(String text) {
        return new IllegalArgumentException("invalid max_bytes [" + text + "], write a size such as 64MiB, 512KiB or 1048576");
    }
}
