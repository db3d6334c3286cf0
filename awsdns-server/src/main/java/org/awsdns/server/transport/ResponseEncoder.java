package org.awsdns.server.transport;

import java.util.List;
import org.awsdns.core.QueryMessage;
import org.awsdns.core.Response;
import org.awsdns.core.WireAnswer;
import org.awsdns.core.WirePatcher;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Writes replies: the header copied from the request (ID, opcode, RD, CD), the question echoed,
 * the response's sections, and an OPT record last when the client sent one, carrying the upper
 * bits of an extended rcode.
 *
 * <p>Truncation is dnsjava's {@link Message#toWire(int)}: it drops whole RRsets from the end,
 * keeps the OPT record, and sets TC only when the answer or authority section lost records.
 */
final class ResponseEncoder {
    private static final int QR = 0x80;
    private static final int OPCODE_MASK = 0x78;
    private static final int RD = 0x01;
    private static final int CD = 0x10;
    private static final int OPT_LENGTH = 11;
    /** per thread: where a kept answer's reply is written when it is lent to the listener */
    private static final ThreadLocal<byte[]> LENT = ThreadLocal.withInitial(() -> new byte[WireAnswer.MAX_LENGTH + OPT_LENGTH]);

    private final int ednsUdpSize;

    ResponseEncoder(int ednsUdpSize) {
        this.ednsUdpSize = ednsUdpSize;
    }

    /** The reply to {@code request} carrying {@code response}, at most {@code maxSize} bytes. */
    byte[] encode(Message request, Response response, int maxSize) {
        return encode(QueryMessage.of(request), response, maxSize);
    }

    /** As {@link #encode(Message, Response, int)}, for a query as the query path reads it. */
    byte[] encode(QueryMessage query, Response response, int maxSize) {
        byte[] wire = WirePatcher.reply(query, response, ednsUdpSize, maxSize);
        if (wire != null) {
            return wire; // a kept answer, patched for this query: no Message parsed or built
        }
        return encodeRecords(query, response, maxSize);
    }

    /**
     * As {@link #encode(QueryMessage, Response, int)}, but a kept answer is written into this
     * thread's lent buffer rather than a new array: the reply is valid until this thread encodes
     * its next one, for a listener that copies it out at once (no array per query on the hit path).
     */
    Outcome.Reply encodeLent(QueryMessage query, Response response, int maxSize) {
        if (response.wire() != null) {
            byte[] lent = LENT.get();
            int length = WirePatcher.write(query, response, ednsUdpSize, maxSize, lent, 0);
            if (length >= 0) {
                return new Outcome.Reply(lent, length);
            }
        }
        return new Outcome.Reply(encodeRecords(query, response, maxSize));
    }

    /** The reply written by dnsjava from the response's records. */
    private byte[] encodeRecords(QueryMessage query, Response response, int maxSize) {
        // the header and question come from the query's fields: its Message is not parsed here either
        Message reply = replyTo(query, response.rcode());
        Header header = reply.getHeader();
        if (response.authoritative()) {
            header.setFlag(Flags.AA);
        }
        if (response.recursionAvailable()) {
            header.setFlag(Flags.RA);
        }
        addAll(reply, response.answer(), Section.ANSWER);
        addAll(reply, response.authority(), Section.AUTHORITY);
        addAll(reply, response.additional(), Section.ADDITIONAL);
        addOpt(reply, query, response.rcode());
        return reply.toWire(maxSize);
    }

    /**
     * A reply with {@code rcode} and nothing but the question (if the request had exactly one).
     * Never throws: what cannot be encoded becomes a bare header, the last answer a client gets.
     */
    byte[] encodeError(Message request, int rcode) {
        return encodeError(QueryMessage.of(request), rcode);
    }

    /** As {@link #encodeError(Message, int)}, for a query as the query path reads it. */
    byte[] encodeError(QueryMessage request, int rcode) {
        try {
            Message reply = replyTo(request, rcode);
            addOpt(reply, request, rcode);
            return reply.toWire(ServerSettings.MIN_UDP_SIZE);
        } catch (RuntimeException e) {
            return headerOnlyError(request.headerStart(), rcode > 0x0F ? Rcode.SERVFAIL : rcode);
        }
    }

    /**
     * A bare header answering a packet that could not be parsed: same ID, opcode, RD and CD, no
     * records. Written from the raw bytes since there is no {@link Message} to start from.
     */
    static byte[] headerOnlyError(byte[] packet, int rcode) {
        byte[] reply = new byte[Header.LENGTH];
        reply[0] = packet[0];
        reply[1] = packet[1];
        reply[2] = (byte) (QR | (packet[2] & (OPCODE_MASK | RD)));
        reply[3] = (byte) ((packet[3] & CD) | (rcode & 0x0F));
        return reply;
    }

    private static Message replyTo(QueryMessage request, int rcode) {
        Message reply = new Message(request.id());
        Header header = reply.getHeader();
        header.setFlag(Flags.QR);
        header.setOpcode(request.opcode());
        if (request.flag(Flags.RD)) {
            header.setFlag(Flags.RD);
        }
        if (request.flag(Flags.CD)) {
            header.setFlag(Flags.CD);
        }
        // the low four bits live in the header, the rest in the OPT record
        header.setRcode(rcode & 0x0F);
        if (request.questionCount() == 1 && request.question() != null) {
            reply.addRecord(request.question(), Section.QUESTION);
        }
        return reply;
    }

    private void addOpt(Message reply, QueryMessage request, int rcode) {
        if (!request.hasEdns()) {
            if (rcode > 0x0F) {
                // an extended rcode cannot be told to a client without EDNS
                reply.getHeader().setRcode(Rcode.SERVFAIL);
            }
            return;
        }
        int flags = request.ednsFlags() & ExtendedFlags.DO;
        reply.addRecord(new OPTRecord(ednsUdpSize, rcode >>> 4, 0, flags), Section.ADDITIONAL);
    }

    private static void addAll(Message reply, List<Record> records, int section) {
        for (int i = 0; i < records.size(); i++) {
            reply.addRecord(records.get(i), section);
        }
    }
}
