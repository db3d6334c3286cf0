package org.awsdns.plugins.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Copies a record with another TTL (dnsjava keeps {@code setTTL} to itself). */
final class Ttls {
    private Ttls() {}

    static Record withTtl(Record record, long ttl) {
        if (record.getTTL() == ttl) {
            return record;
        }
        // uncompressed wire form: owner name, type (2), class (2), then the TTL (4)
        byte[] wire = record.toWire(Section.ANSWER);
        int at = record.getName().length() + 4;
        wire[at] = (byte) (ttl >>> 24);
        wire[at + 1] = (byte) (ttl >>> 16);
        wire[at + 2] = (byte) (ttl >>> 8);
        wire[at + 3] = (byte) ttl;
        try {
            return Record.fromWire(wire, Section.ANSWER);
        } catch (IOException e) {
            throw new UncheckedIOException("re-reading a record dnsjava wrote: " + record, e);
        }
    }
}
