package org.awsdns.server.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * Queries a fuzzer starts from, and the ways it breaks them: flipped bits, cuts, appended bytes,
 * lying counts, compression pointers (loops, forward, into the header), huge label counts,
 * reserved label types, QR/TC/opcode bits, EDNS options of every size.
 */
public final class QueryMutator {
    private static final String[] NAMES = {
        "web.demo.internal.", "missing.demo.internal.", "example.com.", "11.40.31.172.in-addr.arpa.", "."
    };
    private static final int[] TYPES = {1, 28, 12, 16, 255, 6, 2, 15, 65, 33, 0, 65535};

    /** The server the fuzzers run against: real plugins, every query answered at once. */
    public static final String TARGET_YAML = """
            servers:
              - listen: ["127.0.0.1:0"]
                zones: ["demo.internal.", "in-addr.arpa."]
                plugins:
                  - cache
                  - hosts:
                      entries: ["172.31.40.11 web.demo.internal", "172.31.40.12 web.demo.internal"]
                  - soa: {zone: demo.internal., mname: ns.demo.internal., rname: hostmaster.demo.internal.}
            """;

    private QueryMutator() {}

    /** A query, valid one time in ten, broken one to three ways otherwise. */
    public static byte[] next(Random random) {
        byte[] query = query(random);
        return random.nextInt(10) == 0 ? query : mutate(random, query);
    }

    public static byte[] query(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean edns = random.nextBoolean();
        int flags = random.nextInt(10) < 9 ? 0x0100 : random.nextInt(0x8000);
        writeShorts(out, random.nextInt(0x10000), flags, 1, 0, 0, edns ? 1 : 0);
        for (String label : NAMES[random.nextInt(NAMES.length)].split("\\.")) {
            if (!label.isEmpty()) {
                out.write(label.length());
                out.writeBytes(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        }
        out.write(0);
        writeShorts(out, TYPES[random.nextInt(TYPES.length)], random.nextInt(20) == 0 ? random.nextInt(0x10000) : 1);
        if (edns) {
            ByteArrayOutputStream options = new ByteArrayOutputStream();
            for (int i = random.nextInt(3); i > 0; i--) {
                int[] codes = {8, 10, 12, 15, random.nextInt(0x10000)};
                byte[] data = new byte[random.nextInt(40)];
                random.nextBytes(data);
                writeShorts(options, codes[random.nextInt(codes.length)], data.length);
                options.writeBytes(data);
            }
            int[] sizes = {512, 1232, 4096, 65535, 0};
            out.write(0);
            writeShorts(out, 41, sizes[random.nextInt(sizes.length)]);
            out.write(0); // extended rcode
            out.write(random.nextInt(4) == 0 ? 1 : 0); // version
            writeShorts(out, random.nextBoolean() ? 0x8000 : 0, options.size());
            out.writeBytes(options.toByteArray());
        }
        return out.toByteArray();
    }

    public static byte[] mutate(Random random, byte[] packet) {
        byte[] data = packet;
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            data = switch (random.nextInt(9)) {
                case 0 -> flipBits(random, data);
                case 1 -> Arrays.copyOf(data, random.nextInt(data.length + 1));
                case 2 -> append(data, randomBytes(random, 1 + random.nextInt(64)));
                case 3 -> lieInCount(random, data);
                case 4 -> pointer(random, data);
                case 5 -> manyLabels(random, data);
                case 6 -> headerBits(random, data);
                case 7 -> reservedLabel(random, data);
                default -> randomBytes(random, random.nextInt(80));
            };
        }
        return data;
    }

    private static byte[] flipBits(Random random, byte[] data) {
        byte[] copy = data.clone();
        for (int i = 1 + random.nextInt(8); i > 0 && copy.length > 0; i--) {
            copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return copy;
    }

    private static byte[] lieInCount(Random random, byte[] data) {
        if (data.length < 12) {
            return data;
        }
        int[] counts = {0, 2, 3, 255, 65535, random.nextInt(0x10000)};
        return putShort(data, 4 + 2 * random.nextInt(4), counts[random.nextInt(counts.length)]);
    }

    /** The question name becomes a pointer: to itself, past the end, into the header, anywhere. */
    private static byte[] pointer(Random random, byte[] data) {
        if (data.length < 14) {
            return data;
        }
        int[] targets = {12, data.length, 0, 2, random.nextInt(data.length)};
        return putShort(data, 12, 0xC000 | (targets[random.nextInt(targets.length)] & 0x3FFF));
    }

    private static byte[] manyLabels(Random random, byte[] data) {
        if (data.length < 12) {
            return data;
        }
        int[] counts = {10, 127, 128, 200, 300};
        int labels = counts[random.nextInt(counts.length)];
        ByteBuffer out = ByteBuffer.allocate(12 + 2 * labels + 5);
        out.put(data, 0, 12);
        for (int i = 0; i < labels; i++) {
            out.put((byte) 1).put((byte) 'a');
        }
        out.put(new byte[] {0, 0, 1, 0, 1});
        return out.array();
    }

    private static byte[] headerBits(Random random, byte[] data) {
        if (data.length < 3) {
            return data;
        }
        byte[] copy = data.clone();
        int[] bits = {0x80, 0x02, 0x10, 0x18, 0x28, 0x78}; // QR, TC, opcodes 2, 3, 5, 15
        copy[2] |= (byte) bits[random.nextInt(bits.length)];
        return copy;
    }

    private static byte[] reservedLabel(Random random, byte[] data) {
        if (data.length < 13) {
            return data;
        }
        byte[] copy = data.clone();
        int[] types = {0x40, 0x80, 0x3F, 0xFF};
        copy[12] = (byte) types[random.nextInt(types.length)];
        return copy;
    }

    private static byte[] putShort(byte[] data, int at, int value) {
        byte[] copy = data.clone();
        copy[at] = (byte) (value >>> 8);
        copy[at + 1] = (byte) value;
        return copy;
    }

    private static byte[] append(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static void writeShorts(ByteArrayOutputStream out, int... values) {
        for (int value : values) {
            out.write(value >>> 8);
            out.write(value);
        }
    }
}
