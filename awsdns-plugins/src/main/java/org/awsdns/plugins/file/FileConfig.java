package org.awsdns.plugins.file;

import java.time.Duration;

/**
 * The {@code file} plugin's configuration, after CoreDNS's {@code file DBFILE [ZONE] {reload}}.
 *
 * @param path the RFC 1035 zone file, relative to the configuration file's folder
 * @param zone the zone's origin; absent: the server block's zone (it must then have exactly one)
 * @param reload how often the file is checked for a change; {@link Duration#ZERO} disables the
 *     check; 1 minute when absent, as in CoreDNS
 * @param fallthrough pass names of the zone that the file does not have (and types it does not
 *     have) on to the next plugin instead of answering NXDOMAIN / NODATA with the zone's SOA
 */
public record FileConfig(String path, String zone, Duration reload, Boolean fallthrough) {
    public static final Duration DEFAULT_RELOAD = Duration.ofMinutes(1);

    public FileConfig {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("file: path is required (the zone file)");
        }
        if (zone != null && zone.isBlank()) {
            throw new IllegalArgumentException("file: zone must not be empty");
        }
        reload = reload == null ? DEFAULT_RELOAD : reload;
        if (reload.isNegative()) {
            throw new IllegalArgumentException("file: reload must not be negative, got " + reload);
        }
        fallthrough = fallthrough != null && fallthrough;
    }
}
