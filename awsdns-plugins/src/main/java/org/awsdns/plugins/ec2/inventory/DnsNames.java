package org.awsdns.plugins.ec2.inventory;

import java.io.IOException;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.TextParseException;

/**
 * Turns values (tag values, attributes) into DNS names. The rule:
 * <ol>
 *   <li>the value is lower-cased;
 *   <li>dots separate labels and are kept;
 *   <li>in each label, every character outside {@code [a-z0-9-]} (spaces, underscores,
 *       accented letters, ...) becomes {@code -}, one dash per character;
 *   <li>a value with an empty label (leading, trailing or doubled dot, or an empty value), a
 *       label longer than 63 characters, or a name longer than 255 bytes once the zone is
 *       appended, cannot become a name: it is skipped (and counted), never fatal.
 * </ol>
 * So {@code "Web Server 1"} becomes {@code web-server-1} and {@code "db.Primary"} becomes
 * {@code db.primary}.
 */
public final class DnsNames {
    private static final int MAX_LABEL = 63;
    private static final int MAX_NAME = 255;

    private DnsNames() {}

    /**
     * The relative name for {@code value} (labels joined with dots, no final dot), or {@code null}
     * when the value cannot become a name.
     */
    public static String normalize(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (isPlain(value)) {
            return value; // the common case, already a name: no copies
        }
        String lower = value.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length());
        int labelLength = 0;
        for (int i = 0; i < lower.length(); ) {
            int codePoint = lower.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint == '.') {
                if (labelLength == 0) {
                    return null;
                }
                out.append('.');
                labelLength = 0;
                continue;
            }
            boolean allowed = (codePoint >= 'a' && codePoint <= 'z') || (codePoint >= '0' && codePoint <= '9')
                    || codePoint == '-';
            out.append(allowed ? (char) codePoint : '-');
            labelLength++;
            if (labelLength > MAX_LABEL) {
                return null;
            }
        }
        if (labelLength == 0) {
            return null;
        }
        return out.toString();
    }

    /** Only {@code [a-z0-9-]} in non-empty labels of at most 63, dots between: normalizes to itself. */
    private static boolean isPlain(String value) {
        int labelLength = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '.') {
                if (labelLength == 0) {
                    return false;
                }
                labelLength = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
                if (++labelLength > MAX_LABEL) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return labelLength > 0;
    }

    /** {@code <normalized value>.<zone>}, or {@code null} when the value cannot become a name. */
    public static Name toName(String value, Name zone) {
        return toName(value, zone, zone.isAbsolute() ? zone.toWire() : null);
    }

    /** As {@link #toName(String, Name)}, with the zone's wire form made once for many names. */
    static Name toName(String value, Name zone, byte[] zoneWire) {
        String relative = normalize(value);
        if (relative == null) {
            return null;
        }
        if (zoneWire != null) {
            // straight to wire form: views make a name per instance, and text parsing plus
            // concatenation was most of the cost
            int length = relative.length() + 1 + zoneWire.length;
            if (length > MAX_NAME) {
                return null;
            }
            byte[] wire = new byte[length];
            int labelStart = 0;
            for (int i = 0; i < relative.length(); i++) {
                char c = relative.charAt(i); // [a-z0-9-] or a dot between non-empty labels
                if (c == '.') {
                    wire[labelStart] = (byte) (i - labelStart);
                    labelStart = i + 1;
                } else {
                    wire[i + 1] = (byte) c;
                }
            }
            wire[labelStart] = (byte) (relative.length() - labelStart);
            System.arraycopy(zoneWire, 0, wire, relative.length() + 1, zoneWire.length);
            try {
                return new Name(wire);
            } catch (IOException e) {
                return null;
            }
        }
        try {
            return Name.concatenate(Name.fromString(relative), zone);
        } catch (TextParseException | NameTooLongException e) {
            return null;
        }
    }

    /**
     * Whether {@code relative} (text of a name relative to a zone) could have come out of
     * {@link #normalize}: lower-case letters, digits, dashes and dots between non-empty labels.
     */
    public static boolean isNormalized(String relative) {
        return relative != null && relative.equals(normalize(relative));
    }
}
