package org.awsdns.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A response kept as wire bytes, for answers served many times (a cache entry, an instance's A
 * record): encoded once by dnsjava, then copied per query by {@link WirePatcher} with the query's
 * ID, flags, question (its letter case), OPT record and, for cache entries, the remaining TTLs.
 * A plugin answers with one through {@link Response#wire(WireAnswer)}; plugins after it can still
 * read the rcode and counts at no cost, and the records, decoded on first request.
 *
 * <p>The stored message has ID 0, no OPT record, the question as it was encoded (names in the
 * sections may point at it, so a patched question keeps the client's case there too), and the
 * end of every record with whether it starts an RRset, so that a UDP reply can be cut where
 * dnsjava's {@link Message#toWire(int)} would cut it. Immutable and shared between threads.
 */
public final class WireAnswer {
    /** The largest message kept: a TCP frame. */
    public static final int MAX_LENGTH = 65535;

    static final int END_MASK = 0xFFFF;
    static final int SECTION_SHIFT = 16;
    static final int NEW_RRSET = 1 << 18;

    private final byte[] wire;
    /** per record, two ints: end offset | section << 16 | NEW_RRSET; offset of its TTL */
    private final int[] records;
    private final int questionEnd;
    private final int rcode;
    private final boolean authoritative;
    private final boolean recursionAvailable;
    private volatile Derived derived;

    /** One answer made from this one by a later plugin (txt-extra adding its TXT records). */
    private record Derived(Object key, WireAnswer answer) {}

    private WireAnswer(byte[] wire, int[] records, int questionEnd, int rcode, boolean authoritative,
            boolean recursionAvailable) {
        this.wire = wire;
        this.records = records;
        this.questionEnd = questionEnd;
        this.rcode = rcode;
        this.authoritative = authoritative;
        this.recursionAvailable = recursionAvailable;
    }

    /**
     * Encodes a response to {@code question} (a question record: name, type, class). Returns
     * {@code null} when it cannot be kept as wire bytes (larger than {@value #MAX_LENGTH} bytes, or
     * carrying an OPT or TSIG record, which the server writes itself).
     */
    public static WireAnswer encode(Record question, int rcode, boolean authoritative, boolean recursionAvailable,
            List<Record> answer, List<Record> authority, List<Record> additional) {
        Message message = new Message(0);
        Header header = message.getHeader();
        header.setFlag(Flags.QR);
        if (authoritative) {
            header.setFlag(Flags.AA);
        }
        if (recursionAvailable) {
            header.setFlag(Flags.RA);
        }
        header.setRcode(rcode & 0x0F);
        message.addRecord(question, Section.QUESTION);
        int count = 0;
        List<List<Record>> sections = List.of(answer, authority, additional);
        for (int s = 0; s < 3; s++) {
            for (Record record : sections.get(s)) {
                if (record.getType() == org.xbill.DNS.Type.OPT || record.getType() == org.xbill.DNS.Type.TSIG) {
                    return null;
                }
                message.addRecord(record, s + 1);
                count++;
            }
        }
        byte[] wire = message.toWire();
        if (wire.length > MAX_LENGTH) {
            return null;
        }
        int[] meta = new int[2 * count];
        int at = skipName(wire, Header.LENGTH) + 4;
        int questionEnd = at;
        int i = 0;
        for (int s = 0; s < 3; s++) {
            Record previous = null;
            for (Record record : sections.get(s)) {
                int ttlAt = skipName(wire, at) + 4;
                int end = ttlAt + 6 + (((wire[ttlAt + 4] & 0xff) << 8) | (wire[ttlAt + 5] & 0xff));
                boolean newSet = previous == null || !sameSet(previous, record);
                meta[2 * i] = end | (s + 1) << SECTION_SHIFT | (newSet ? NEW_RRSET : 0);
                meta[2 * i + 1] = ttlAt;
                previous = record;
                at = end;
                i++;
            }
        }
        return new WireAnswer(wire, meta, questionEnd, rcode, authoritative, recursionAvailable);
    }

    /** Encodes {@code response}'s content as the answer to {@code question}; {@code null} as {@link #encode}. */
    public static WireAnswer of(Record question, Response response) {
        WireAnswer kept = response.wire();
        if (kept != null && response.isWireAsStored()) {
            return kept;
        }
        return encode(question, response.rcode(), response.authoritative(), response.recursionAvailable(),
                response.answer(), response.authority(), response.additional());
    }

    /** As dnsjava's {@code Message.sameSet}: RRset type, class and name. */
    private static boolean sameSet(Record a, Record b) {
        return a.getRRsetType() == b.getRRsetType() && a.getDClass() == b.getDClass() && a.getName().equals(b.getName());
    }

    private static int skipName(byte[] wire, int at) {
        while (true) {
            int length = wire[at] & 0xff;
            if ((length & 0xC0) == 0xC0) {
                return at + 2;
            }
            if (length == 0) {
                return at + 1;
            }
            at += length + 1;
        }
    }

    public int rcode() {
        return rcode;
    }

    public boolean authoritative() {
        return authoritative;
    }

    public boolean recursionAvailable() {
        return recursionAvailable;
    }

    /** The number of records in {@code section} (a {@link Section} constant), read from the header. */
    public int count(int section) {
        int at = 4 + 2 * section;
        return ((wire[at] & 0xff) << 8) | (wire[at + 1] & 0xff);
    }

    /** The encoded length, without OPT. */
    public int length() {
        return wire.length;
    }

    /** What this answer keeps on the heap, in bytes (objects, arrays, their headers), on a 64-bit JVM with compressed pointers. */
    public long heapBytes() {
        return 40 + align(16 + wire.length) + align(16 + 4L * records.length);
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    /**
     * The answer {@code make} derives from this one for {@code key} (e.g. the same answer with a
     * plugin's additional records): made once and kept beside this one, for the last key asked.
     * {@code make} may return {@code null} (not kept as wire).
     */
    public WireAnswer derive(Object key, Function<? super WireAnswer, WireAnswer> make) {
        Derived current = derived;
        if (current != null && current.key() == key) {
            return current.answer();
        }
        WireAnswer made = make.apply(this);
        derived = new Derived(key, made);
        return made;
    }

    /** The records of {@code section}, decoded from the stored bytes (TTLs as stored). */
    public List<Record> records(int section) {
        return new ArrayList<>(decode(wire).getSection(section));
    }

    /** The stored message (ID 0, no OPT), decoded. */
    public Message toMessage() {
        return decode(wire);
    }

    static Message decode(byte[] wire) {
        try {
            return new Message(wire);
        } catch (IOException e) {
            throw new UncheckedIOException("re-reading a message dnsjava wrote", e);
        }
    }

    byte[] wire() {
        return wire;
    }

    int[] recordMeta() {
        return records;
    }

    int questionEnd() {
        return questionEnd;
    }

    /** A copy of the stored bytes, TTLs adjusted as {@code response} says ({@link Response#wire(WireAnswer, long)}). */
    byte[] withTtls(long ttlAge, long fixedTtl) {
        byte[] copy = wire.clone();
        WirePatcher.patchTtls(copy, 0, records, records.length / 2, ttlAge, fixedTtl);
        return copy;
    }

    @Override
    public String toString() {
        return "WireAnswer[" + wire.length + " bytes, rcode " + rcode + ", " + records.length / 2 + " records]";
    }
}
