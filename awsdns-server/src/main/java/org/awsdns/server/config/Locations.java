package org.awsdns.server.config;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each value of a configuration came from: a line and column of the file, or a command line
 * override. Paths are written as in messages: {@code servers[0].plugins[1].hosts.ttl}; the root is
 * the empty path.
 */
public final class Locations {
    private final String sourceName;
    private final Map<String, int[]> positions;
    private final Map<String, String> overrides = new HashMap<>();

    Locations(String sourceName, Map<String, int[]> positions) {
        this.sourceName = requireNonNull(sourceName, "sourceName is null");
        this.positions = Map.copyOf(positions);
    }

    /** No known positions: every path is located at the source's name. */
    static Locations none(String sourceName) {
        return new Locations(sourceName, Map.of());
    }

    /** Records that the subtree at {@code path} was replaced by {@code origin}, e.g. {@code --set a.b=1}. */
    void overridden(String path, String origin) {
        overrides.keySet().removeIf(existing -> isWithin(existing, path));
        overrides.put(path, origin);
    }

    /**
     * The location of {@code path}, or of its nearest ancestor that has one: {@code file:line:column},
     * or the override that set it.
     */
    public String locate(String path) {
        // an override replaced its whole subtree: it wins over the file's positions below it
        for (String current = path; ; current = parent(current)) {
            String origin = overrides.get(current);
            if (origin != null) {
                return origin;
            }
            if (current.isEmpty()) {
                break;
            }
        }
        for (String current = path; ; current = parent(current)) {
            int[] position = positions.get(current);
            if (position != null) {
                return sourceName + ":" + position[0] + ":" + position[1] + overridesBelow(path);
            }
            if (current.isEmpty()) {
                return sourceName + overridesBelow(path);
            }
        }
    }

    public String sourceName() {
        return sourceName;
    }

    private String overridesBelow(String path) {
        List<String> below = overrides.entrySet().stream()
                .filter(entry -> isWithin(entry.getKey(), path))
                .map(Map.Entry::getValue)
                .sorted()
                .toList();
        return below.isEmpty() ? "" : " (with " + String.join(", ", below) + ")";
    }

    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String element(String path, int index) {
        return path + "[" + index + "]";
    }

    private static boolean isWithin(String candidate, String ancestor) {
        return ancestor.isEmpty()
                || candidate.equals(ancestor)
                || candidate.startsWith(ancestor + ".")
                || candidate.startsWith(ancestor + "[");
    }
}
