package org.awsdns.server.config;

import java.time.Duration;

/**
 * The {@code reload:} section. SIGHUP always reloads; this adds watching the config file.
 *
 * @param watch how often to look at the config file's modification time and size, reloading
 *     when either changed; absent means the file is not watched
 */
public record ReloadConfig(Duration watch) {
    public ReloadConfig {
        if (watch != null && (watch.isZero() || watch.isNegative())) {
            throw new IllegalArgumentException("watch must be positive, got " + watch);
        }
    }

    /** No watching: reload on SIGHUP only. */
    public static ReloadConfig none() {
        return new ReloadConfig(null);
    }
}
