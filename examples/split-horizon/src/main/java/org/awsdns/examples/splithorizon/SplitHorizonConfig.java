package org.awsdns.examples.splithorizon;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code split-horizon}: one name, a different address for each view of the client.
 *
 * @param networks the name of the client networks under {@code networks:} (required)
 * @param names name → view → address; the view {@code default} answers clients of no listed
 *     view (required, not empty)
 * @param ttl of the records, seconds (default 60)
 * @param firstLoadWait how long a query waits for the networks' first read before SERVFAIL
 *     (default 2s)
 */
public record SplitHorizonConfig(String networks, Map<String, Map<String, String>> names, Long ttl, Duration firstLoadWait) {
    public static final long DEFAULT_TTL = 60;
    public static final Duration DEFAULT_FIRST_LOAD_WAIT = Duration.ofSeconds(2);

    public SplitHorizonConfig {
        if (networks == null || networks.isBlank()) {
            throw new IllegalArgumentException("split-horizon: networks is required (a name under networks:)");
        }
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("split-horizon: names must map at least one name to its addresses by view");
        }
        names = Map.copyOf(new LinkedHashMap<>(names));
        ttl = ttl == null ? DEFAULT_TTL : ttl;
        if (ttl < 0 || ttl > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("split-horizon: ttl must be between 0 and 2147483647 seconds, got " + ttl);
        }
        firstLoadWait = firstLoadWait == null ? DEFAULT_FIRST_LOAD_WAIT : firstLoadWait;
    }
}
