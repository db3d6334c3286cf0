package org.awsdns.server.transport;

import java.io.IOException;
import org.awsdns.core.QueryMessage;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns a received packet into a query, a reason to drop it, or an immediate error reply
 * (FORMERR, NOTIMP, BADVERS). Stateless and thread-safe.
 */
final class QueryDecoder {
    private static final Decoded SHORT = new Decoded.Dropped(MalformedReason.SHORT);
    private static final Decoded RESPONSE = new Decoded.Dropped(MalformedReason.RESPONSE);
    private static final int QR_BIT = 0x80;

    private final int ednsUdpSize;

    QueryDecoder(int ednsUdpSize) {
        this.ednsUdpSize = ednsUdpSize;
    }

    Decoded decode(byte[] packet) {
        if (packet.length < Header.LENGTH) {
            return SHORT;
        }
        if ((packet[2] & QR_BIT) != 0) {
            return RESPONSE;
        }
        QueryMessage common = QueryMessage.parse(packet);
        if (common != null) {
            // one question, at most a bare OPT of version 0: nothing to reject, no Message built
            return new Decoded.Accepted(common, common.hasEdns() ? udpSize(common.ednsPayloadSize()) : ServerSettings.MIN_UDP_SIZE);
        }
        Message request;
        try {
            request = new Message(packet);
        } catch (IOException | RuntimeException e) {
            return formatError(MalformedReason.UNPARSEABLE);
        }
        if (countOpt(request) > 1) {
            return formatError(MalformedReason.MULTIPLE_OPT);
        }
        Header header = request.getHeader();
        if (header.getOpcode() != Opcode.QUERY) {
            return new Decoded.Rejected(request, Rcode.NOTIMP, null);
        }
        // the section, not the header's count: with TC set dnsjava stops quietly at a cut record
        if (header.getCount(Section.QUESTION) != 1 || request.getSection(Section.QUESTION).size() != 1) {
            return formatError(MalformedReason.QUESTION_COUNT);
        }
        OPTRecord opt = request.getOPT();
        if (opt == null) {
            return new Decoded.Accepted(QueryMessage.of(request), ServerSettings.MIN_UDP_SIZE);
        }
        if (opt.getVersion() > 0) {
            return new Decoded.Rejected(request, Rcode.BADVERS, null);
        }
        return new Decoded.Accepted(QueryMessage.of(request), udpSize(opt.getPayloadSize()));
    }

    /** The reply size a client's OPT allows: its payload size, within 512 and this server's. */
    private int udpSize(int clientPayloadSize) {
        return Math.max(ServerSettings.MIN_UDP_SIZE, Math.min(clientPayloadSize, ednsUdpSize));
    }

    /** FORMERR as a bare header: the request's sections are not to be trusted. */
    private static Decoded formatError(MalformedReason reason) {
        return new Decoded.Rejected(null, Rcode.FORMERR, reason);
    }

    private static int countOpt(Message request) {
        int count = 0;
        for (Record record : request.getSection(Section.ADDITIONAL)) {
            if (record.getType() == Type.OPT) {
                count++;
            }
        }
        return count;
    }
}
