package org.awsdns.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Name;

/**
 * A name's uncompressed wire form copied into an array of the caller's, with no allocation: dnsjava
 * keeps a name's bytes to itself and its own {@link Name#toWire()} makes two arrays per call, which
 * the hot path (question copies, table hashes) cannot afford on every query.
 */
public final class NameBytes {
    /** The longest wire name (RFC 1035 §2.3.4). */
    public static final int MAX_LENGTH = 255;

    /**
     * dnsjava's own array of a name's wire form (from index 0, in the name's case), read in place:
     * {@code Name.toWire} makes a {@code Name} and an array per label. Checked against
     * {@code toWire} when this class loads; {@code null} (then {@code toWire} is used) when the
     * field is not there or not what it was.
     */
    private static final VarHandle WIRE = wireField();

    private static final ThreadLocal<Sink> SINKS = ThreadLocal.withInitial(Sink::new);
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[MAX_LENGTH]);

    private NameBytes() {}

    /**
     * Writes {@code name} (absolute), uncompressed and in its own case, into {@code target} from
     * {@code at}; returns the number of bytes written, {@link Name#length()}.
     */
    public static int copy(Name name, byte[] target, int at) {
        if (WIRE != null) {
            int length = name.length();
            System.arraycopy((byte[]) WIRE.get(name), 0, target, at, length);
            return length;
        }
        Sink sink = SINKS.get();
        sink.target = target;
        sink.at = at;
        try {
            name.toWire(sink, null);
            return sink.at - at;
        } finally {
            sink.target = null;
        }
    }

    /**
     * FNV-1a over the lower-cased wire form of {@code name} (as {@link Name#toWireCanonical()}
     * gives it), finished with murmur3's fmix32: a strong, case-insensitive hash, without the
     * collisions of {@link Name#hashCode()} for names that differ in a number.
     */
    public static int hash(Name name) {
        byte[] scratch;
        int length;
        if (WIRE != null) {
            scratch = (byte[]) WIRE.get(name);
            length = name.length();
        } else {
            scratch = SCRATCH.get();
            length = copy(name, scratch, 0);
        }
        int h = 0x811c9dc5;
        for (int i = 0; i < length; i++) {
            int b = scratch[i] & 0xff;
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            h = (h ^ b) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /**
     * Whether {@code a} and {@code b} are the same name, ignoring ASCII case, as
     * {@link Name#equals} says, but without computing both names' {@link Name#hashCode()} first
     * (dnsjava's equals does, and a query's name is new each time): for lookups that matched a
     * hash of their own already.
     */
    public static boolean equalsIgnoreCase(Name a, Name b) {
        if (a == b) {
            return true;
        }
        if (WIRE == null) {
            return a.equals(b);
        }
        int length = a.length();
        if (b.length() != length) {
            return false;
        }
        byte[] x = (byte[]) WIRE.get(a);
        byte[] y = (byte[]) WIRE.get(b);
        for (int i = 0; i < length; i++) {
            int p = x[i];
            int q = y[i];
            if (p != q && toLower(p) != toLower(q)) {
                return false; // label lengths (0-63) are never letters, so they compare as they are
            }
        }
        return true;
    }

    private static int toLower(int b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }

    private static VarHandle wireField() {
        try {
            VarHandle field = MethodHandles.privateLookupIn(Name.class, MethodHandles.lookup())
                    .findVarHandle(Name.class, "name", byte[].class);
            for (String text : new String[] {"Host-1.Example.", "a.b.c.d.e.f.g.h.i.j.", "."}) {
                Name sample = Name.fromString(text);
                byte[] wire = sample.toWire();
                byte[] held = (byte[]) field.get(sample);
                if (held.length < wire.length || !Arrays.equals(wire, 0, wire.length, held, 0, wire.length)) {
                    return null;
                }
            }
            return field;
        } catch (ReflectiveOperationException | RuntimeException | java.io.IOException e) {
            return null;
        }
    }

    /** A {@link DNSOutput} that writes straight into the caller's array (what {@link Name#toWire} calls). */
    private static final class Sink extends DNSOutput {
        private byte[] target;
        private int at;

        Sink() {
            super(0);
        }

        @Override
        public void writeU8(int value) {
            target[at++] = (byte) value;
        }

        @Override
        public void writeByteArray(byte[] bytes, int offset, int length) {
            System.arraycopy(bytes, offset, target, at, length);
            at += length;
        }

        @Override
        public void writeByteArray(byte[] bytes) {
            writeByteArray(bytes, 0, bytes.length);
        }

        @Override
        public void writeU16(int value) {
            throw new UnsupportedOperationException("names are copied uncompressed");
        }

        @Override
        public int current() {
            return at;
        }
    }
}
