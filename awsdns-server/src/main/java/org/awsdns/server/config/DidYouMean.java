package org.awsdns.server.config;

import java.util.Collection;

/** The known key a mistyped one most likely meant, for "did you mean ...?" in messages. */
final class DidYouMean {
    private DidYouMean() {}

    /**
     * The closest of {@code known} to {@code key}: one that holds the other ({@code entries_typo},
     * {@code entry} for {@code entries}), else the nearest by edit distance when the distance is
     * small for the key's length; {@code null} when none is close.
     */
    static String closest(String key, Collection<?> known) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Object candidate : known) {
            String name = String.valueOf(candidate);
            int distance = distance(lower, name);
            if (name.length() >= 3 && (lower.contains(name) || name.contains(lower) && lower.length() >= 3)) {
                distance = Math.min(distance, 1); // a prefix, suffix or part of the right key
            }
            if (distance < bestDistance) {
                best = name;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, lower.length() / 3) ? best : null;
    }

    /** " (did you mean 'KEY'?)" or nothing. */
    static String hint(String key, Collection<?> known) {
        String closest = closest(key, known);
        return closest == null ? "" : " (did you mean '" + closest + "'?)";
    }

    /** Levenshtein distance, with a swap of two neighbours counted once. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
