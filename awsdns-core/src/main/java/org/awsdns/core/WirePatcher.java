package org.awsdns.core;

import java.util.Arrays;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Writes the reply to a query from a {@link WireAnswer}: the stored bytes copied, with the query's
 * ID, opcode, RD and CD, the response's AA, RA and rcode, the question in the client's letter
 * case, an OPT record when the client sent one (the server's payload size, the client's DO bit,
 * the upper bits of an extended rcode), the TTLs counted down for a cache hit, and, when the
 * reply does not fit the client's limit, cut at an RRset boundary with TC set. The result is byte
 * for byte what the server's dnsjava encoder writes for the same response.
 */
public final class WirePatcher {
    private static final int OPT_LENGTH = 11;
    private static final int TYPE_OPT = 41;
    /** per thread: the record counts of the reply being written */
    private static final ThreadLocal<int[]> COUNTS = ThreadLocal.withInitial(() -> new int[4]);
    /** per thread: the reply being written, before it is copied out at its length */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[WireAnswer.MAX_LENGTH + OPT_LENGTH]);

    private WirePatcher() {}

    /**
     * The reply to {@code request} carrying {@code response}'s wire answer, at most {@code maxSize}
     * bytes, or {@code null} when the response has none or this reply needs the general encoder
     * (the request does not hold exactly one question like the stored one, an extended rcode for a
     * client without EDNS, a limit too small for the question).
     *
     * @param ednsUdpSize the payload size this server advertises in its OPT record
     */
    public static byte[] reply(Message request, Response response, int ednsUdpSize, int maxSize) {
        return response.wire() == null ? null : reply(QueryMessage.of(request), response, ednsUdpSize, maxSize);
    }

    /** As {@link #reply(Message, Response, int, int)}, for a query as the query path reads it. */
    public static byte[] reply(QueryMessage request, Response response, int ednsUdpSize, int maxSize) {
        if (response.wire() == null) {
            return null;
        }
        byte[] scratch = SCRATCH.get();
        int length = write(request, response, ednsUdpSize, maxSize, scratch, 0);
        return length < 0 ? null : Arrays.copyOf(scratch, length);
    }

    /**
     * As {@link #reply}, written into {@code target} from {@code offset} (a transport's pooled
     * buffer, with room for {@code min(maxSize, 65535)} bytes): returns the reply's length, or -1
     * when {@link #reply} would return {@code null}. Allocates nothing.
     */
    public static int write(Message request, Response response, int ednsUdpSize, int maxSize, byte[] target, int offset) {
        return response.wire() == null ? -1 : write(QueryMessage.of(request), response, ednsUdpSize, maxSize, target, offset);
    }

    /** As {@link #write(Message, Response, int, int, byte[], int)}, for a query as the query path reads it. */
    public static int write(QueryMessage request, Response response, int ednsUdpSize, int maxSize, byte[] target,
            int offset) {
        WireAnswer answer = response.wire();
        if (answer == null) {
            return -1;
        }
        if (request.questionCount() != 1) {
            return -1;
        }
        Record question = request.question();
        Name name = question.getName();
        byte[] stored = answer.wire();
        int questionEnd = answer.questionEnd();
        if (Header.LENGTH + name.length() + 4 != questionEnd) {
            return -1; // not the stored question: the general encoder echoes it
        }
        int rcode = response.rcode();
        if (!request.hasEdns() && rcode > 0x0F) {
            return -1;
        }
        int optLength = request.hasEdns() ? OPT_LENGTH : 0;
        int budget = maxSize - optLength;
        if (questionEnd > budget) {
            return -1;
        }

        // where to cut, as Message.toWire(int) does: whole RRsets, TC when answer or authority lost one
        int[] meta = answer.recordMeta();
        int total = meta.length / 2;
        int[] counts = COUNTS.get();
        counts[Section.ANSWER] = 0;
        counts[Section.AUTHORITY] = 0;
        counts[Section.ADDITIONAL] = 0;
        int end = questionEnd;
        int kept = 0;
        boolean truncated = false;
        int setStart = questionEnd;
        int setFirst = 0;
        int currentSection = -1;
        for (int i = 0; i < total; i++) {
            int info = meta[2 * i];
            int section = (info >>> WireAnswer.SECTION_SHIFT) & 3;
            if (section != currentSection || (info & WireAnswer.NEW_RRSET) != 0) {
                currentSection = section;
                setStart = end;
                setFirst = i;
            }
            int recordEnd = info & WireAnswer.END_MASK;
            if (recordEnd > budget) {
                counts[section] -= i - setFirst; // the RRset's records already counted
                end = setStart;
                kept = setFirst;
                truncated = section != Section.ADDITIONAL;
                break;
            }
            end = recordEnd;
            counts[section]++;
            kept = i + 1;
        }

        byte[] reply = target;
        int o = offset;
        System.arraycopy(stored, 0, reply, o, end);
        int high = 0x80 | (request.opcode() & 0x0F) << 3;
        if (response.authoritative()) {
            high |= 0x04;
        }
        if (truncated) {
            high |= 0x02;
        }
        if (request.flag(Flags.RD)) {
            high |= 0x01;
        }
        int low = rcode & 0x0F;
        if (response.recursionAvailable()) {
            low |= 0x80;
        }
        if (request.flag(Flags.CD)) {
            low |= 0x10;
        }
        int id = request.id();
        reply[o] = (byte) (id >>> 8);
        reply[o + 1] = (byte) id;
        reply[o + 2] = (byte) high;
        reply[o + 3] = (byte) low;
        writeU16(reply, o + 4, 1);
        writeU16(reply, o + 6, counts[Section.ANSWER]);
        writeU16(reply, o + 8, counts[Section.AUTHORITY]);
        writeU16(reply, o + 10, counts[Section.ADDITIONAL] + (optLength > 0 ? 1 : 0));
        // the client's question, in its case (names in the sections point at it)
        int at = o + Header.LENGTH + NameBytes.copy(name, reply, o + Header.LENGTH);
        writeU16(reply, at, question.getType());
        writeU16(reply, at + 2, question.getDClass());

        patchTtls(reply, o, meta, kept, response.wireTtlAge(), response.wireFixedTtl());
        if (optLength > 0) {
            int opt = o + end;
            reply[opt] = 0; // root
            writeU16(reply, opt + 1, TYPE_OPT);
            writeU16(reply, opt + 3, ednsUdpSize);
            reply[opt + 5] = (byte) (rcode >>> 4);
            reply[opt + 6] = 0; // version
            writeU16(reply, opt + 7, request.ednsFlags() & ExtendedFlags.DO);
            writeU16(reply, opt + 9, 0);
        }
        return end + optLength;
    }

    /** Counts down (or sets) the TTLs of the first {@code records} records of {@code wire}. */
    static void patchTtls(byte[] wire, int offset, int[] meta, int records, long ttlAge, long fixedTtl) {
        if (ttlAge == 0 && fixedTtl < 0) {
            return;
        }
        for (int i = 0; i < records; i++) {
            int at = offset + meta[2 * i + 1];
            long ttl;
            if (fixedTtl >= 0) {
                ttl = fixedTtl;
            } else {
                long stored = ((wire[at] & 0xffL) << 24) | ((wire[at + 1] & 0xff) << 16)
                        | ((wire[at + 2] & 0xff) << 8) | (wire[at + 3] & 0xff);
                ttl = Math.max(0, stored - ttlAge);
            }
            wire[at] = (byte) (ttl >>> 24);
            wire[at + 1] = (byte) (ttl >>> 16);
            wire[at + 2] = (byte) (ttl >>> 8);
            wire[at + 3] = (byte) ttl;
        }
    }

    private static void writeU16(byte[] wire, int at, int value) {
        wire[at] = (byte) (value >>> 8);
        wire[at + 1] = (byte) value;
    }
}
