package org.awsdns.examples.whoami;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The plugin's configuration: what users write under {@code - whoami:} in YAML.
 *
 * <p>The server binds the YAML mapping to this record with Jackson: each key (snake_case) matches
 * a component, an unknown key is an error, and an absent key arrives as {@code null}. So the
 * canonical constructor below is where defaults are filled in and values are checked; the message
 * of an {@link IllegalArgumentException} thrown here is shown to the user with the file and line.
 * {@code - whoami} written bare binds from an empty mapping: every component is {@code null}.
 *
 * @param name the name answered; absolute or not, a trailing dot is added ({@code whoami.awsdns.})
 * @param ttl the TTL of the answer, in seconds ({@code 0}: the answer differs per client, do not
 *     cache it)
 */
public record WhoamiConfig(String name, Long ttl) {
    public static final String DEFAULT_NAME = "whoami.awsdns.";

    public WhoamiConfig {
        name = name == null ? DEFAULT_NAME : name;
        ttl = ttl == null ? 0L : ttl;
        parseName(name); // fail here, when the configuration is read, rather than in create
        if (ttl < 0 || ttl > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("whoami: ttl must be between 0 and " + Integer.MAX_VALUE + ", got " + ttl);
        }
    }

    /** The name as a dnsjava {@link Name}, absolute. */
    Name absoluteName() {
        return parseName(name);
    }

    private static Name parseName(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("whoami: invalid name \"" + text + "\": " + e.getMessage(), e);
        }
    }
}
