package org.awsdns.core;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A client's query message: the fields the query path reads on every query (ID, flags, the one
 * question, the EDNS payload size and DO bit), and the whole dnsjava {@link Message}, parsed only
 * when someone asks for it.
 *
 * <p>Most queries are one question and at most an OPT record without options. {@link #parse}
 * reads those straight from the packet, so a query answered from stored wire bytes never builds a
 * {@code Message}; every other packet is left to dnsjava ({@link #of(Message)}), as before.
 */
public final class QueryMessage {
    private static final int TYPE_OPT = 41;
    /** an OPT record without options: root name, type, payload size, extended rcode, version, flags, length */
    private static final int OPT_LENGTH = 11;
    private static final int QR_TC_OPCODE = 0x80 | 0x02 | 0x78;

    private final byte[] packet;
    private final int id;
    /** The header's second 16 bits as received: QR, opcode, AA, TC, RD, RA, Z, AD, CD, rcode. */
    private final int flags;
    private final int questionCount;
    private final Record question;
    private final boolean edns;
    private final int ednsPayloadSize;
    private final int ednsFlags;
    /**
     * The whole message: given, or parsed from {@link #packet} on the first {@link #message()}.
     * Volatile: a query's timeout may encode its SERVFAIL on a timer thread while its chain runs.
     */
    private volatile Message message;

    private QueryMessage(byte[] packet, int id, int flags, int questionCount, Record question, OptFields opt,
            Message message) {
        this.packet = packet;
        this.id = id;
        this.flags = flags;
        this.questionCount = questionCount;
        this.question = question;
        this.edns = opt != null;
        this.ednsPayloadSize = opt == null ? 0 : opt.payloadSize;
        this.ednsFlags = opt == null ? 0 : opt.flags;
        this.message = message;
    }

    private record OptFields(int payloadSize, int flags) {}

    /**
     * The query in {@code packet} when it has the common shape (QR, TC and opcode clear, one
     * question, no answer or authority records, at most one OPT record of version 0 with no
     * options, nothing after it); {@code null} for anything else, which dnsjava is to parse. The
     * packet is kept, not copied: it must not change afterwards.
     */
    public static QueryMessage parse(byte[] packet) {
        if (packet.length < Header.LENGTH || (packet[2] & QR_TC_OPCODE) != 0
                || u16(packet, 4) != 1 || u16(packet, 6) != 0 || u16(packet, 8) != 0) {
            return null;
        }
        int additional = u16(packet, 10);
        if (additional > 1) {
            return null;
        }
        // the question from its wire bytes, the same Record for the same bytes (QuestionCache)
        int nameEnd = QuestionCache.nameEnd(packet, Header.LENGTH);
        int questionEnd = nameEnd + 4;
        if (nameEnd < 0 || questionEnd > packet.length) {
            return null;
        }
        int optEnd = questionEnd + (additional == 1 ? OPT_LENGTH : 0);
        if (packet.length != optEnd) {
            return null; // something after the question or the OPT record, or the OPT record cut
        }
        OptFields opt = null;
        if (additional == 1) {
            // root name, OPT, payload size, extended rcode, version, flags, no options
            int at = questionEnd;
            if (packet[at] != 0 || u16(packet, at + 1) != TYPE_OPT) {
                return null;
            }
            int extendedRcode = packet[at + 5] & 0xFF;
            int version = packet[at + 6] & 0xFF;
            int optionsLength = u16(packet, at + 9);
            if (extendedRcode != 0 || version != 0 || optionsLength != 0) {
                return null;
            }
            opt = new OptFields(u16(packet, at + 3), u16(packet, at + 7));
        }
        Record question = QuestionCache.question(packet, Header.LENGTH, questionEnd);
        if (question == null) {
            return null; // dnsjava decides what is wrong with it
        }
        return new QueryMessage(packet, u16(packet, 0), u16(packet, 2), 1, question, opt, null);
    }

    /** The query {@code message}, parsed by dnsjava (or built by hand, as tests do). */
    public static QueryMessage of(Message message) {
        requireNonNull(message, "message is null");
        byte[] header = message.getHeader().toWire();
        OPTRecord opt = message.getOPT();
        // the section's size, not the header's count: with TC set dnsjava stops quietly at a cut record
        return new QueryMessage(null, u16(header, 0), u16(header, 2),
                message.getSection(Section.QUESTION).size(), message.getQuestion(),
                opt == null ? null : new OptFields(opt.getPayloadSize(), opt.getFlags()), message);
    }

    /**
     * The whole message, parsed by dnsjava the first time it is asked for. Read only. (Two threads
     * asking at once may each parse one; either is the client's message.)
     */
    public Message message() {
        Message parsed = message;
        if (parsed == null) {
            try {
                parsed = new Message(packet);
            } catch (IOException e) {
                throw new UncheckedIOException("a query that parsed once no longer does", e);
            }
            message = parsed;
        }
        return parsed;
    }

    /**
     * The same query for someone who may change its {@link #message()}: the packet is shared,
     * the message is not.
     */
    public QueryMessage copy() {
        Message own = packet == null || message != null ? message().clone() : null;
        return new QueryMessage(packet, id, flags, questionCount, question,
                edns ? new OptFields(ednsPayloadSize, ednsFlags) : null, own);
    }

    public int id() {
        return id;
    }

    /** The header's flag {@code bit}, a {@link Flags} constant (QR, AA, TC, RD, RA, AD, CD). */
    public boolean flag(int bit) {
        return (flags & (1 << (15 - bit))) != 0;
    }

    public int opcode() {
        return (flags >>> 11) & 0x0F;
    }

    /** The header's ID and flags as received (its first four bytes), e.g. for a bare error header. */
    public byte[] headerStart() {
        return new byte[] {(byte) (id >>> 8), (byte) id, (byte) (flags >>> 8), (byte) flags};
    }

    /** The number of questions (the query path only accepts 1). */
    public int questionCount() {
        return questionCount;
    }

    /** The question, or {@code null} when the message has none. */
    public Record question() {
        return question;
    }

    /** The client sent an OPT record. */
    public boolean hasEdns() {
        return edns;
    }

    /** The payload size of the client's OPT record; 0 without one. */
    public int ednsPayloadSize() {
        return ednsPayloadSize;
    }

    /** The client set the DNSSEC OK bit. */
    public boolean dnssecOk() {
        return (ednsFlags & ExtendedFlags.DO) != 0;
    }

    /** The 16 flag bits of the client's OPT record (DO is the only one defined). */
    public int ednsFlags() {
        return ednsFlags;
    }

    private static int u16(byte[] packet, int at) {
        return ((packet[at] & 0xff) << 8) | (packet[at + 1] & 0xff);
    }
}
