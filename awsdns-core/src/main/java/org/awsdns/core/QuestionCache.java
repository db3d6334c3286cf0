package org.awsdns.core;

import java.io.IOException;
import java.util.Arrays;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The question records of recent queries, per thread, by their exact wire bytes: a query whose
 * question (name in the client's letter case, type, class) was read before on this thread gets
 * the same immutable {@link Record} back, so the common query allocates no {@code Name}, no
 * label buffers and no {@code DNSInput}. Clients ask the same names over and over; a miss costs
 * what parsing always cost.
 *
 * <p>Small on purpose, and a question takes a slot only when it misses that slot twice in a row
 * (the slot remembers the hash of its last miss). A kept question is new and lives as long as its
 * slot: when clients ask more distinct names than there are slots (the benchmark's 30,000, a
 * large VPC's), the slots turn over between two young collections, and what they hold is copied
 * by each pause and dead by the next. With 4,096 slots replaced on every miss that was ~1.2 MB
 * per pause, ~2 ms of it (docs/performance.md); 256 slots hold at most ~60 KB. The names asked
 * over and over, the ones worth keeping, still get their slot.
 */
final class QuestionCache {
    private static final int SLOTS = 256;
    private static final int MAX_NAME_LENGTH = 255;
    private static final ThreadLocal<QuestionCache> CACHES = ThreadLocal.withInitial(QuestionCache::new);

    /** the question's wire bytes (name, type, class) of each slot; null when free */
    private final byte[][] keys = new byte[SLOTS][];
    private final Record[] questions = new Record[SLOTS];
    /** the hash of the last question that missed each slot */
    private final int[] lastMiss = new int[SLOTS];

    private QuestionCache() {}

    /**
     * The end of the uncompressed name that starts at {@code offset} in {@code packet} (just past
     * its root label), or -1 when it is compressed, uses another label type, runs past the packet
     * or is longer than 255 bytes: names like those are left to dnsjava to read or refuse.
     */
    static int nameEnd(byte[] packet, int offset) {
        int at = offset;
        while (at < packet.length) {
            int length = packet[at] & 0xFF;
            if (length == 0) {
                return at + 1 - offset > MAX_NAME_LENGTH ? -1 : at + 1;
            }
            if ((length & 0xC0) != 0) {
                return -1;
            }
            at += 1 + length;
            if (at - offset > MAX_NAME_LENGTH) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * The question whose wire bytes are {@code packet[start, end)}: an uncompressed name as
     * {@link #nameEnd} found it, then type and class. {@code null} when dnsjava refuses it.
     */
    static Record question(byte[] packet, int start, int end) {
        return CACHES.get().lookup(packet, start, end);
    }

    private Record lookup(byte[] packet, int start, int end) {
        int hash = 0x811C9DC5;
        for (int i = start; i < end; i++) {
            hash = (hash ^ packet[i]) * 0x01000193;
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, packet, start, end)) {
            return questions[slot];
        }
        Record question = parse(packet, start, end);
        if (question == null) {
            return null;
        }
        if (lastMiss[slot] == hash) {
            keys[slot] = Arrays.copyOfRange(packet, start, end);
            questions[slot] = question;
        } else {
            lastMiss[slot] = hash;
        }
        return question;
    }

    private static Record parse(byte[] packet, int start, int end) {
        try {
            DNSInput in = new DNSInput(packet);
            in.jump(start);
            Name name = new Name(in);
            int type = in.readU16();
            int dclass = in.readU16();
            return in.current() == end ? Record.newRecord(name, type, dclass) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
