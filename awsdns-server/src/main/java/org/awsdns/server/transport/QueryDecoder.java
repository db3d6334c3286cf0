package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
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

    private final ResponseEncoder encoder;
    private final int ednsUdpSize;

    QueryDecoder(ResponseEncoder encoder, int ednsUdpSize) {
        this.encoder = requireNonNull(encoder, "encoder is null");
        this.ednsUdpSize = ednsUdpSize;
    }

    Decoded decode(byte[] packet) {
        if (packet.length < Header.LENGTH) {
            return SHORT;
        }
        if ((packet[2] & QR_BIT) != 0) {
            return RESPONSE;
        }
        Message request;
        try {
            request = new Message(packet);
        } catch (IOException | RuntimeException e) {
            return formatError(packet, MalformedReason.UNPARSEABLE);
        }
        if (countOpt(request) > 1) {
            return formatError(packet, MalformedReason.MULTIPLE_OPT);
        }
        Header header = request.getHeader();
        if (header.getOpcode() != Opcode.QUERY) {
            return new Decoded.Rejected(encoder.encodeError(request, Rcode.NOTIMP), Rcode.NOTIMP, null);
        }
        // the section, not the header's count: with TC set dnsjava stops quietly at a cut record
        if (header.getCount(Section.QUESTION) != 1 || request.getSection(Section.QUESTION).size() != 1) {
            return formatError(packet, MalformedReason.QUESTION_COUNT);
        }
        OPTRecord opt = request.getOPT();
        if (opt == null) {
            return new Decoded.Accepted(request, ServerSettings.MIN_UDP_SIZE);
        }
        if (opt.getVersion() > 0) {
            return new Decoded.Rejected(encoder.encodeError(request, Rcode.BADVERS), Rcode.BADVERS, null);
        }
        int clientSize = Math.max(ServerSettings.MIN_UDP_SIZE, Math.min(opt.getPayloadSize(), ednsUdpSize));
        return new Decoded.Accepted(request, clientSize);
    }

    private static Decoded formatError(byte[] packet, MalformedReason reason) {
        return new Decoded.Rejected(ResponseEncoder.headerOnlyError(packet, Rcode.FORMERR), Rcode.FORMERR, reason);
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
