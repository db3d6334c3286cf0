package org.awsdns.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Names copied and hashed without allocation give what dnsjava's own methods give. */
class NameBytesTest {

    @Test
    void copiesTheWireFormInTheNamesCaseHoweverTheNameWasMade() throws Exception {
        Name parsed = Name.fromString("HoSt-12.Bench.Internal.");
        Name fromWire = new Message(Message.newQuery(Record.newRecord(parsed, Type.A, DClass.IN)).toWire())
                .getQuestion().getName();
        Name suffix = new Name(parsed, 1);
        Name joined = Name.concatenate(Name.fromString("x", null), Name.fromString("Zone."));
        for (Name name : List.of(parsed, fromWire, suffix, joined, Name.root, Name.fromString("a.b.c.d.e.f.g.h.i.j.k.l."))) {
            byte[] target = new byte[300];
            int length = NameBytes.copy(name, target, 7);
            assertThat(length).isEqualTo(name.length());
            assertThat(Arrays.copyOfRange(target, 7, 7 + length)).as(name.toString()).isEqualTo(name.toWire());
        }
    }

    @Test
    void hashesCaseInsensitivelyAsFnvOfTheCanonicalForm() throws Exception {
        Name lower = Name.fromString("host-12.bench.internal.");
        Name mixed = Name.fromString("HOST-12.Bench.internal.");
        assertThat(NameBytes.hash(mixed)).isEqualTo(NameBytes.hash(lower)).isEqualTo(fnv(lower.toWireCanonical()));
        assertThat(NameBytes.hash(Name.fromString("host-13.bench.internal."))).isNotEqualTo(NameBytes.hash(lower));
    }

    @Test
    void comparesNamesAsDnsjavaDoes() throws Exception {
        java.util.Random random = new java.util.Random(3);
        String[] pieces = {"a", "B", "ab", "Ab", "c", "host-1", "HOST-1", "host-10", "\\065", "\\193", "\\225", "x-y"};
        for (int round = 0; round < 20_000; round++) {
            Name a = randomName(random, pieces);
            Name b = random.nextInt(3) == 0 ? flipCase(random, a) : randomName(random, pieces);
            assertThat(NameBytes.equalsIgnoreCase(a, b)).as("%s vs %s", a, b).isEqualTo(a.equals(b));
        }
        // same length, other labels
        assertThat(NameBytes.equalsIgnoreCase(Name.fromString("ab.c."), Name.fromString("a.bc."))).isFalse();
        assertThat(NameBytes.equalsIgnoreCase(Name.fromString("WEB.Vpc.internal."), Name.fromString("web.vpc.INTERNAL."))).isTrue();
    }

    private static Name randomName(java.util.Random random, String[] pieces) throws Exception {
        StringBuilder text = new StringBuilder();
        int labels = 1 + random.nextInt(3);
        for (int i = 0; i < labels; i++) {
            text.append(pieces[random.nextInt(pieces.length)]).append('.');
        }
        return Name.fromString(text.toString());
    }

    private static Name flipCase(java.util.Random random, Name name) throws Exception {
        StringBuilder text = new StringBuilder();
        for (char c : name.toString().toCharArray()) {
            text.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return Name.fromString(text.toString());
    }

    private static int fnv(byte[] wire) {
        int h = 0x811c9dc5;
        for (byte b : wire) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
