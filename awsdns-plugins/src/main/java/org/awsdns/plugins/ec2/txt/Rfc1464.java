package org.awsdns.plugins.ec2.txt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * TXT RDATA for {@code attribute=value} pairs as RFC 1464 writes them. In the attribute name a
 * grave accent, an equals sign, and leading or trailing spaces and tabs are quoted with a grave
 * accent; the value is kept as is. The text is UTF-8, cut into character-strings of at most 255
 * bytes (never inside a character) and written as wire RDATA, so no escape sequence of any value
 * is ever interpreted.
 */
public final class Rfc1464 {
    static final int MAX_STRING = 255;
    static final int MAX_TEXT = 16_384;

    private Rfc1464() {}

    /** {@code attribute} with RFC 1464 quoting. */
    public static String quoteAttribute(String attribute) {
        int start = 0;
        int end = attribute.length();
        while (start < end && isBlank(attribute.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(attribute.charAt(end - 1))) {
            end--;
        }
        StringBuilder out = new StringBuilder(attribute.length() + 4);
        for (int i = 0; i < attribute.length(); i++) {
            char c = attribute.charAt(i);
            if (c == '`' || c == '=' || (isBlank(c) && (i < start || i >= end))) {
                out.append('`');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The RDATA of one TXT record holding {@code attribute=value}. */
    public static byte[] rdata(String attribute, String value) {
        byte[] text = (quoteAttribute(attribute) + "=" + value).getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, MAX_TEXT);
        while (length < text.length && length > 0 && (text[length] & 0xC0) == 0x80) {
            length--;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + length / MAX_STRING + 1);
        int position = 0;
        do {
            int end = Math.min(position + MAX_STRING, length);
            while (end < length && end > position && (text[end] & 0xC0) == 0x80) {
                end--; // do not cut a UTF-8 sequence
            }
            out.write(end - position);
            out.write(text, position, end - position);
            position = end;
        } while (position < length);
        return out.toByteArray();
    }

    /**
     * The RDATA of one TXT record describing one instance: one character-string per attribute, in
     * order (RFC 1464 allows several per record). Each string is cut at 255 bytes, never inside a
     * UTF-8 character, since a second string would read as another attribute.
     */
    public static byte[] rdata(List<String[]> pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * Math.max(1, pairs.size()));
        for (String[] pair : pairs) {
            byte[] text = (quoteAttribute(pair[0]) + "=" + pair[1]).getBytes(StandardCharsets.UTF_8);
            int length = Math.min(text.length, MAX_STRING);
            while (length < text.length && length > 0 && (text[length] & 0xC0) == 0x80) {
                length--;
            }
            if (out.size() + 1 + length > MAX_TEXT) {
                break;
            }
            out.write(length);
            out.write(text, 0, length);
        }
        return out.toByteArray();
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
