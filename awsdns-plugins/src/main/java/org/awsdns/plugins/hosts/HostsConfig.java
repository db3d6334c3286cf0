package org.awsdns.plugins.hosts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code hosts} plugin's configuration.
 *
 * @param entries lines in hosts(5) syntax given inline; empty when absent
 * @param file a hosts(5) file, relative to the configuration file's folder; {@code null} when absent
 * @param ttl the TTL of every record answered, in seconds; 3600 when absent
 * @param reload how often the file's modification time and size are checked; {@link Duration#ZERO}
 *     disables the check; 5 seconds when absent
 */
public record HostsConfig(List<String> entries, String file, Long ttl, Duration reload) {
    public static final long DEFAULT_TTL = 3600;
    public static final Duration DEFAULT_RELOAD = Duration.ofSeconds(5);
    private static final long MAX_TTL = Integer.MAX_VALUE;

    public HostsConfig {
        entries = entries == null ? List.of() : copyEntries(entries);
        if (file != null && file.isBlank()) {
            throw new IllegalArgumentException("hosts: file must not be empty");
        }
        if (entries.isEmpty() && file == null) {
            throw new IllegalArgumentException("hosts: give entries, file, or both");
        }
        ttl = ttl == null ? DEFAULT_TTL : ttl;
        if (ttl < 0 || ttl > MAX_TTL) {
            throw new IllegalArgumentException("hosts: ttl must be between 0 and " + MAX_TTL + " seconds, got " + ttl);
        }
        reload = reload == null ? DEFAULT_RELOAD : reload;
        if (reload.isNegative()) {
            throw new IllegalArgumentException("hosts: reload must not be negative, got " + reload);
        }
    }

    /** Copies and checks the inline entries: an invalid one is a configuration error. */
    private static List<String> copyEntries(List<String> entries) {
        List<String> copy = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            if (entry == null) {
                throw new IllegalArgumentException("hosts: entries[" + i + "] is null");
            }
            try {
                if (HostLine.parse(entry) == null) {
                    throw new IllegalArgumentException("an entry needs an address and at least one name");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "hosts: entries[" + i + "] \"" + entry + "\": " + e.getMessage(), e);
            }
            copy.add(entry);
        }
        return List.copyOf(copy);
    }
}
