package org.awsdns.plugins.ec2.inventory;

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

    private DnsNames() {}

    /**
     * The relative name for {@code value} (labels joined with dots, no final dot), or {@code null}
     * when the value cannot become a name.
     */
    public static String normalize(String value) {
        if (value == null || value.isEmpty()) {
            return null;
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

    /** {@code <normalized value>.<zone>}, or {@code null} when the value cannot become a name. */
    public static Name toName(String value, Name zone) {
        String relative = normalize(value);
        if (relative == null) {
            return null;
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
