package org.awsdns.server.config;

import java.util.List;

/**
 * Command line values that win over the file.
 *
 * @param listen {@code --listen HOST:PORT} values; when not empty they replace the {@code listen}
 *     list of every server block
 * @param sets {@code --set PATH=VALUE} values, applied in order
 */
public record ConfigOverrides(List<String> listen, List<String> sets) {
    public ConfigOverrides {
        listen = List.copyOf(listen);
        sets = List.copyOf(sets);
    }

    public static ConfigOverrides none() {
        return new ConfigOverrides(List.of(), List.of());
    }
}
