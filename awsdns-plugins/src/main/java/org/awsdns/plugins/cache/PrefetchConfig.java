package org.awsdns.plugins.cache;

/**
 * When a cache entry is refreshed before it expires.
 *
 * @param hits how many times an entry must have been served during its life to be refreshed
 * @param before the share of its TTL that must remain at most, e.g. {@code 10%}
 */
public record PrefetchConfig(Integer hits, String before) {
    static final int DEFAULT_HITS = 10;
    static final String DEFAULT_BEFORE = "10%";

    public PrefetchConfig {
        hits = hits == null ? DEFAULT_HITS : hits;
        if (hits < 1) {
            throw new IllegalArgumentException("prefetch hits must be at least 1, got " + hits);
        }
        before = before == null ? DEFAULT_BEFORE : before.trim();
        parsePercent(before);
    }

    /** {@code before} as a fraction between 0 and 1. */
    public double beforeFraction() {
        return parsePercent(before);
    }

    private static double parsePercent(String text) {
        if (!text.endsWith("%")) {
            throw new IllegalArgumentException("prefetch before must be a percentage such as 10%, got [" + text + "]");
        }
        double percent;
        try {
            percent = Double.parseDouble(text.substring(0, text.length() - 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("prefetch before must be a percentage such as 10%, got [" + text + "]");
        }
        if (!(percent > 0 && percent < 100)) {
            throw new IllegalArgumentException("prefetch before must be above 0% and below 100%, got " + text);
        }
        return percent / 100;
    }
}
