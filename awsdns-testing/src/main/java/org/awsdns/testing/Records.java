package org.awsdns.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Records written as one line each, {@code owner ttl class type rdata}, e.g.
 * {@code web.demo.internal. 60 IN A 10.0.0.1}: the form assertions compare, TTL included
 * (dnsjava's {@link Record#equals} ignores the TTL).
 */
public final class Records {
    private Records() {}

    /** Parses one line; the owner is absolute ({@code web.test} and {@code web.test.} alike). */
    public static Record record(String line) {
        String[] parts = line.trim().split("\\s+", 5);
        if (parts.length < 4) {
            throw new IllegalArgumentException("expected 'owner ttl class type rdata', got: " + line);
        }
        int type = Queries.type(parts[3]);
        int dclass = DClass.value(parts[2]);
        if (dclass < 0) {
            throw new IllegalArgumentException("not a DNS class in: " + line);
        }
        try {
            return Record.fromString(Queries.name(parts[0]), type, dclass, Long.parseLong(parts[1]),
                    parts.length == 5 ? parts[4] : "", Name.root);
        } catch (IOException | NumberFormatException e) {
            throw new IllegalArgumentException("not a record: " + line + " (" + e.getMessage() + ")", e);
        }
    }

    /** One record as a line. */
    public static String line(Record record) {
        return record.getName() + " " + record.getTTL() + " " + DClass.string(record.getDClass()) + " "
                + Type.string(record.getType()) + " " + record.rdataToString();
    }

    /** The records as lines, in their order. */
    public static List<String> lines(List<? extends Record> records) {
        List<String> lines = new ArrayList<>(records.size());
        for (Record record : records) {
            lines.add(line(record));
        }
        return lines;
    }

    /** Each line read back and written again, so spacing and case in expectations do not matter. */
    static List<String> normalize(String... lines) {
        List<String> normalized = new ArrayList<>(lines.length);
        for (String text : lines) {
            normalized.add(line(record(text)));
        }
        return normalized;
    }
}
