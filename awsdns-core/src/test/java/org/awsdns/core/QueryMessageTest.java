package org.awsdns.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CookieOption;

class QueryMessageTest {

    @Test
    void theCommonShapeReadsAsDnsjavaReadsIt() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 2000; round++) {
            Message message = randomQuery(random);
            byte[] packet = message.toWire();
            QueryMessage parsed = QueryMessage.parse(packet);
            QueryMessage model = QueryMessage.of(new Message(packet));

            assertThat(parsed).as("round %d: %s", round, message).isNotNull();
            assertThat(parsed.id()).isEqualTo(model.id());
            for (int bit : new int[] {Flags.QR, Flags.AA, Flags.TC, Flags.RD, Flags.RA, Flags.AD, Flags.CD}) {
                assertThat(parsed.flag(bit)).as("round %d, flag %s", round, Flags.string(bit)).isEqualTo(model.flag(bit));
            }
            assertThat(parsed.opcode()).isEqualTo(model.opcode());
            assertThat(parsed.questionCount()).isEqualTo(1);
            assertThat(parsed.question()).isEqualTo(model.question());
            // the client's letter case is kept, as dnsjava keeps it
            assertThat(parsed.question().getName().toString()).isEqualTo(model.question().getName().toString());
            assertThat(parsed.hasEdns()).isEqualTo(model.hasEdns());
            assertThat(parsed.ednsPayloadSize()).isEqualTo(model.ednsPayloadSize());
            assertThat(parsed.dnssecOk()).isEqualTo(model.dnssecOk());
            // and the whole message, when asked for, is dnsjava's
            assertThat(parsed.message().toWire()).isEqualTo(packet);
        }
    }

    @Test
    void everyOtherShapeIsLeftToDnsjava() throws Exception {
        Name name = Name.fromString("web.vpc.internal.");
        Message withCookie = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
        withCookie.addRecord(new OPTRecord(1232, 0, 0, 0, java.util.List.<EDNSOption>of(new CookieOption(new byte[8]))),
                Section.ADDITIONAL);
        Message version1 = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
        version1.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
        Message notify = Message.newQuery(Record.newRecord(name, Type.SOA, DClass.IN));
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        Message truncated = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
        truncated.getHeader().setFlag(Flags.TC);
        Message withAnswer = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
        withAnswer.addRecord(new ARecord(name, DClass.IN, 60, java.net.InetAddress.getByName("10.0.0.1")), Section.ANSWER);
        Message notOpt = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
        notOpt.addRecord(new ARecord(name, DClass.IN, 60, java.net.InetAddress.getByName("10.0.0.1")), Section.ADDITIONAL);

        for (Message message : new Message[] {withCookie, version1, notify, truncated, withAnswer, notOpt}) {
            assertThat(QueryMessage.parse(message.toWire())).as("%s", message).isNull();
        }
        byte[] plain = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN)).toWire();
        byte[] trailing = java.util.Arrays.copyOf(plain, plain.length + 1);
        byte[] cut = java.util.Arrays.copyOf(plain, plain.length - 1);
        byte[] response = plain.clone();
        response[2] |= (byte) 0x80;
        for (byte[] packet : new byte[][] {trailing, cut, response, new byte[11], new byte[0]}) {
            assertThat(QueryMessage.parse(packet)).isNull();
        }
        assertThat(QueryMessage.parse(plain)).isNotNull();
    }

    @Test
    void aRepeatedQuestionIsTheSameRecordAndKeepsItsCase() throws Exception {
        Message lower = Message.newQuery(Record.newRecord(Name.fromString("web.vpc.internal."), Type.A, DClass.IN));
        Message mixed = Message.newQuery(Record.newRecord(Name.fromString("wEb.VPC.internal."), Type.A, DClass.IN));
        Message aaaa = Message.newQuery(Record.newRecord(Name.fromString("web.vpc.internal."), Type.AAAA, DClass.IN));
        mixed.getHeader().setID(lower.getHeader().getID() ^ 0x5555);

        QueryMessage first = QueryMessage.parse(lower.toWire());
        QueryMessage again = QueryMessage.parse(lower.toWire());
        QueryMessage otherCase = QueryMessage.parse(mixed.toWire());
        QueryMessage otherType = QueryMessage.parse(aaaa.toWire());

        assertThat(again.question()).isSameAs(first.question()); // read once on this thread
        assertThat(otherCase.question().getName().toString()).isEqualTo("wEb.VPC.internal.");
        assertThat(otherCase.id()).isEqualTo(mixed.getHeader().getID());
        assertThat(otherType.question().getType()).isEqualTo(Type.AAAA);
        assertThat(QueryMessage.parse(lower.toWire()).question().getName().toString()).isEqualTo("web.vpc.internal.");
        // and a name read on another thread is that thread's own record, equal to this one
        QueryMessage[] elsewhere = new QueryMessage[1];
        Thread thread = new Thread(() -> elsewhere[0] = QueryMessage.parse(lower.toWire()));
        thread.start();
        thread.join();
        assertThat(elsewhere[0].question()).isEqualTo(first.question()).isNotSameAs(first.question());
    }

    @Test
    void aCompressedOrOverlongQuestionNameIsLeftToDnsjava() throws Exception {
        // a question whose name is a pointer back into the header: legal for dnsjava to judge, not read here
        byte[] pointer = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 0x0C, 0, 1, 0, 1};
        assertThat(QueryMessage.parse(pointer)).isNull();
        // 5 labels of 63 bytes: 321 bytes of name, over the 255 RFC 1035 allows
        byte[] overlong = new byte[12 + 5 * 64 + 1 + 4];
        overlong[5] = 1;
        for (int label = 0; label < 5; label++) {
            overlong[12 + label * 64] = 63;
            java.util.Arrays.fill(overlong, 13 + label * 64, 12 + (label + 1) * 64, (byte) 'a');
        }
        overlong[overlong.length - 3] = 1;
        overlong[overlong.length - 1] = 1;
        assertThat(QueryMessage.parse(overlong)).isNull();
        // a label type dnsjava refuses (0x40): not read here either
        byte[] extended = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0x41, 'a', 0, 0, 1, 0, 1};
        assertThat(QueryMessage.parse(extended)).isNull();
    }

    @Test
    void aCopyHasAMessageOfItsOwn() throws Exception {
        Message message = Message.newQuery(Record.newRecord(Name.fromString("web.vpc.internal."), Type.A, DClass.IN));
        QueryMessage original = QueryMessage.parse(message.toWire());
        QueryMessage copy = original.copy();

        copy.message().getHeader().setID(4242);

        assertThat(original.message().getHeader().getID()).isEqualTo(message.getHeader().getID());
        assertThat(copy.message()).isNotSameAs(original.message());
        assertThat(copy.question()).isEqualTo(original.question());
    }

    private static final String[] POOL = {"host-1.vpc.internal.", "HOST-1.vpc.internal.", "host-2.Vpc.Internal.",
        "1.0.0.10.in-addr.arpa.", "x."};

    private static Message randomQuery(Random random) throws Exception {
        StringBuilder name = new StringBuilder();
        if (random.nextBoolean()) {
            name.append(POOL[random.nextInt(POOL.length)]); // asked again: the question is read once
            return finish(random, name);
        }
        int labels = 1 + random.nextInt(4);
        for (int i = 0; i < labels; i++) {
            int length = 1 + random.nextInt(20);
            for (int j = 0; j < length; j++) {
                name.append((char) (random.nextBoolean() ? 'a' + random.nextInt(26) : 'A' + random.nextInt(26)));
            }
            name.append('.');
        }
        return finish(random, name);
    }

    private static Message finish(Random random, StringBuilder name) throws Exception {
        int[] types = {Type.A, Type.AAAA, Type.PTR, Type.TXT, Type.ANY, 65280 + random.nextInt(200)};
        Message message = Message.newQuery(Record.newRecord(Name.fromString(name.toString()),
                types[random.nextInt(types.length)], random.nextInt(5) == 0 ? DClass.CH : DClass.IN));
        message.getHeader().setID(random.nextInt(65536));
        if (random.nextBoolean()) {
            message.getHeader().unsetFlag(Flags.RD);
        }
        if (random.nextBoolean()) {
            message.getHeader().setFlag(Flags.CD);
        }
        if (random.nextBoolean()) {
            message.getHeader().setFlag(Flags.AD);
        }
        if (random.nextBoolean()) {
            message.addRecord(new OPTRecord(random.nextInt(65536), 0, 0,
                    random.nextBoolean() ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
        }
        return message;
    }
}
