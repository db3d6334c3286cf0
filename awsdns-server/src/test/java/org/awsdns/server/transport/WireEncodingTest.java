package org.awsdns.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.awsdns.core.Query;
import org.awsdns.core.QueryMessage;
import org.awsdns.core.Response;
import org.awsdns.core.WireAnswer;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A reply patched from wire bytes is byte for byte what the server's dnsjava encoder writes for
 * the same response: random responses (several RRsets per section, shared and distinct names),
 * random queries (ID, letter case, RD, CD, EDNS and DO, opcode), every size limit from the
 * question's end to past the whole message (each cut point of each section), ages of a cache hit.
 */
class WireEncodingTest {
    private final ResponseEncoder encoder = new ResponseEncoder(1232);

    @Test
    void patchedRepliesEqualDnsjavasForRandomResponsesAndEveryLimit() throws Exception {
        Random random = new Random(20261201);
        int compared = 0;
        for (int round = 0; round < 150; round++) {
            Name name = Name.fromString("host-" + random.nextInt(1000) + ".vpc.internal.");
            int type = random.nextBoolean() ? Type.A : Type.ANY;
            List<Record> answer = records(random, name, 3);
            List<Record> authority = random.nextInt(3) == 0 ? List.of(soa()) : records(random, name, 1);
            List<Record> additional = records(random, name, 2);
            int rcode = random.nextInt(5) == 0 ? Rcode.NXDOMAIN : Rcode.NOERROR;
            boolean aa = random.nextBoolean();
            boolean ra = random.nextBoolean();
            WireAnswer wire = WireAnswer.encode(Record.newRecord(name, type, DClass.IN), rcode, aa, ra, answer, authority, additional);
            long age = random.nextInt(3) == 0 ? random.nextInt(400) : 0;

            Message request = request(random, name, type);
            int full = encoder.encode(request, model(request, rcode, aa, ra, answer, authority, additional, age), 65535).length;
            for (int max = 60; max <= full + 20; max += 1 + random.nextInt(7)) {
                Response modelResponse = model(request, rcode, aa, ra, answer, authority, additional, age);
                Response wireResponse = Query.builder(request).build().response().wire(wire, age);
                byte[] expected = encoder.encode(request, modelResponse, max);
                byte[] actual = encoder.encode(request, wireResponse, max);
                assertThat(wireResponse.wire()).isSameAs(wire); // served from the wire bytes, not re-encoded
                assertThat(actual).as("round %d, limit %d: %s", round, max, new Message(expected)).isEqualTo(expected);
                // the same query read from its packet, as the query path reads the common shape
                QueryMessage parsed = QueryMessage.parse(request.toWire());
                assertThat(parsed).as("round %d: the common shape", round).isNotNull();
                assertThat(encoder.encode(parsed, wireResponse, max)).as("round %d, limit %d, parsed", round, max)
                        .isEqualTo(expected);
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(3000);
    }

    @Test
    void aWireAnswerReadByALaterPluginGivesItsRecordsAndStaysWire() throws Exception {
        Name name = Name.fromString("web.vpc.internal.");
        List<Record> answer = List.of(new ARecord(name, DClass.IN, 60, InetAddress.getByName("10.0.0.1")));
        WireAnswer wire = WireAnswer.encode(Record.newRecord(name, Type.A, DClass.IN), Rcode.NOERROR, true, false,
                answer, List.of(), List.of());
        Response response = Query.builder(Message.newQuery(Record.newRecord(name, Type.A, DClass.IN))).build().response()
                .wire(wire, 10);
        assertThat(response.count(Section.ANSWER)).isEqualTo(1);
        assertThat(response.answer()).extracting(Record::getTTL).containsExactly(50L);
        assertThat(response.wire()).isSameAs(wire);
        response.addAdditional(new TXTRecord(name, DClass.IN, 60, "x"));
        assertThat(response.wire()).isNull();
        assertThat(response.answer()).extracting(Record::getTTL).containsExactly(50L);
        assertThat(response.additional()).hasSize(1);
    }

    private Response model(Message request, int rcode, boolean aa, boolean ra, List<Record> answer,
            List<Record> authority, List<Record> additional, long age) {
        Response response = Query.builder(request).build().response();
        response.rcode(rcode).authoritative(aa).recursionAvailable(ra);
        answer.forEach(record -> response.addAnswer(aged(record, age)));
        authority.forEach(record -> response.addAuthority(aged(record, age)));
        additional.forEach(record -> response.addAdditional(aged(record, age)));
        return response;
    }

    private static Record aged(Record record, long age) {
        byte[] wire = record.toWire(Section.ANSWER);
        int at = record.getName().length() + 4;
        long ttl = Math.max(0, record.getTTL() - age);
        wire[at] = (byte) (ttl >>> 24);
        wire[at + 1] = (byte) (ttl >>> 16);
        wire[at + 2] = (byte) (ttl >>> 8);
        wire[at + 3] = (byte) ttl;
        try {
            return Record.fromWire(wire, Section.ANSWER);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Message request(Random random, Name name, int type) throws Exception {
        StringBuilder mixed = new StringBuilder();
        for (char c : name.toString().toCharArray()) {
            mixed.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        Message request = Message.newQuery(Record.newRecord(Name.fromString(mixed.toString()), type,
                random.nextInt(4) == 0 ? DClass.ANY : DClass.IN));
        request.getHeader().setID(random.nextInt(65536));
        if (!random.nextBoolean()) {
            request.getHeader().unsetFlag(Flags.RD);
        }
        if (random.nextBoolean()) {
            request.getHeader().setFlag(Flags.CD);
        }
        if (random.nextBoolean()) {
            int flags = random.nextBoolean() ? ExtendedFlags.DO : 0;
            request.addRecord(new OPTRecord(512 + random.nextInt(4000), 0, 0, flags), Section.ADDITIONAL);
        }
        return request;
    }

    /** Up to {@code sets} RRsets of 1–12 records: A, AAAA, TXT, CNAME, owned by the name or others. */
    private static List<Record> records(Random random, Name name, int sets) throws Exception {
        List<Record> records = new ArrayList<>();
        int count = random.nextInt(sets + 1);
        for (int s = 0; s < count; s++) {
            Name owner = random.nextBoolean() ? name : Name.fromString("other-" + random.nextInt(5) + ".vpc.internal.");
            long ttl = 30 + random.nextInt(600);
            int kind = random.nextInt(4);
            int size = kind == 3 ? 1 : 1 + random.nextInt(12);
            for (int i = 0; i < size; i++) {
                records.add(switch (kind) {
                    case 0 -> new ARecord(owner, DClass.IN, ttl, InetAddress.getByAddress(new byte[] {10, 0, (byte) s, (byte) i}));
                    case 1 -> new AAAARecord(owner, DClass.IN, ttl, InetAddress.getByName("fd00::" + Integer.toHexString(s * 256 + i + 1)));
                    case 2 -> new TXTRecord(owner, DClass.IN, ttl, "k" + i + "=" + "v".repeat(random.nextInt(40)));
                    default -> new CNAMERecord(owner, DClass.IN, ttl, Name.fromString("target-" + s + ".vpc.internal."));
                });
            }
        }
        return records;
    }

    private static SOARecord soa() throws Exception {
        return new SOARecord(Name.fromString("vpc.internal."), DClass.IN, 60, Name.fromString("ns1.vpc.internal."),
                Name.fromString("hostmaster.vpc.internal."), 1, 3600, 600, 86400, 60);
    }
}
