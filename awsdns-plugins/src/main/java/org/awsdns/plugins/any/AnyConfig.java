package org.awsdns.plugins.any;

/**
 * The {@code any} plugin's configuration.
 *
 * @param ttl the TTL of the synthesized HINFO record, in seconds; 3600 when absent
 */
public record AnyConfig(Long ttl) {
    public static final long DEFAULT_TTL = 3600;
    private static final long MAX_TTL = Integer.MAX_VALUE;

    public AnyConfig {
        ttl = ttl == null ? DEFAULT_TTL : ttl;
        if (ttl < 0 || ttl > MAX_TTL) {
            throw new IllegalArgumentException("any: ttl must be between 0 and " + MAX_TTL + " seconds, got " + ttl);
        }
    }
}
