package org.awsdns.plugins.ec2.inventory;

import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.awsdns.core.NameBytes;
import org.xbill.DNS.Name;

/**
 * An immutable table from names to values, open addressing over arrays of keys and values: about
 * 16 bytes an entry instead of a {@code HashMap}'s 40, for views of 100,000 names. Lookups are
 * case-insensitive, as {@link Name#equals} is. Names are placed by a hash of their own (FNV-1a of
 * the lower-cased wire form, finished with murmur3's fmix32), not {@code Name.hashCode}: that is
 * {@code h * 9 + byte}, which collides for names differing only in a number ({@code host-1} ...
 * {@code host-100000}: 67,352 distinct hashes, up to 75 names on one).
 *
 * <p>The slots are held in segments of {@value #SEGMENT_SLOTS}, each array under 512 KB: one array
 * for 100,000 names (2 MB of keys and values, 1 MB of hashes) was a humongous object for G1 with
 * the 1 MB regions of a 200 MB heap, allocated outside the young generation. A load of 100,000
 * instances under load made 17 such regions beside the served index's 20, and the young
 * collection that followed found no free region to copy to (then a full collection).
 *
 * @param <V> the values
 */
public final class NameTable<V> {
    private static final int SEGMENT_BITS = 15;
    private static final int SEGMENT_SLOTS = 1 << SEGMENT_BITS;
    private static final int SEGMENT_MASK = SEGMENT_SLOTS - 1;

    /** per segment: name, value, name, value, ...; a null name is a free slot */
    private final Object[][] slots;
    /** per segment: the hash of the name in each slot */
    private final int[][] hashes;
    /** the slot of a hash is its high bits: {@code hash >>> shift} */
    private final int shift;
    private final int mask;
    private final int size;

    private NameTable(Builder<?> built) {
        this.slots = built.slots;
        this.hashes = built.hashes;
        this.shift = built.shift;
        this.mask = built.mask;
        this.size = built.size;
    }

    /** The value of {@code name} (any case), or {@code null}. */
    @SuppressWarnings("unchecked")
    public V get(Name name) {
        int i = slot(slots, hashes, shift, mask, name, hash(name));
        return (V) slots[i >>> SEGMENT_BITS][2 * (i & SEGMENT_MASK) + 1]; // a free slot's value is null
    }

    public int size() {
        return size;
    }

    /** The table's hash of {@code name}: the slot is its high bits. Allocates nothing. */
    static int hash(Name name) {
        return NameBytes.hash(name);
    }

    /** The slot holding {@code name} (any case), or the free slot where it would go. */
    private static int slot(Object[][] slots, int[][] hashes, int shift, int mask, Name name, int hash) {
        int i = hash >>> shift;
        while (true) {
            Object[] segment = slots[i >>> SEGMENT_BITS];
            int offset = i & SEGMENT_MASK;
            Object key = segment[2 * offset];
            if (key == null) {
                return i;
            }
            if (hashes[i >>> SEGMENT_BITS][offset] == hash && NameBytes.equalsIgnoreCase((Name) key, name)) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Fills a table in place, without a map in between (views of 100,000 names made a
     * {@code HashMap} first, then this table: twice the work and ~5 MB of garbage). Sized once for
     * at most the names it was told of; not for use by several threads.
     *
     * @param <V> the values while the table is filled
     */
    public static final class Builder<V> {
        private final Object[][] slots;
        private final int[][] hashes;
        private final int shift;
        private final int mask;
        private final int limit;
        private int size;

        public Builder(int maxNames) {
            int capacity = Integer.highestOneBit(Math.max(2, maxNames * 3 / 2)) << 1; // load factor <= 2/3
            int segmentSlots = Math.min(capacity, SEGMENT_SLOTS);
            int segments = capacity / segmentSlots;
            slots = new Object[segments][2 * segmentSlots];
            hashes = new int[segments][segmentSlots];
            shift = 32 - Integer.numberOfTrailingZeros(capacity);
            mask = capacity - 1;
            limit = Math.max(maxNames, capacity * 2 / 3);
        }

        public void put(Name name, V value) {
            insert(name, value, true);
        }

        public V putIfAbsent(Name name, V value) {
            return insert(name, value, false);
        }

        @SuppressWarnings("unchecked")
        private V insert(Name name, V value, boolean replace) {
            int hash = hash(name);
            int i = slot(slots, hashes, shift, mask, name, hash);
            Object[] segment = slots[i >>> SEGMENT_BITS];
            int offset = i & SEGMENT_MASK;
            if (segment[2 * offset] != null) {
                V previous = (V) segment[2 * offset + 1];
                if (replace) {
                    segment[2 * offset + 1] = value;
                }
                return previous;
            }
            if (size >= limit) {
                throw new IllegalStateException("more than the " + limit + " names this table was made for");
            }
            hashes[i >>> SEGMENT_BITS][offset] = hash;
            segment[2 * offset] = name;
            segment[2 * offset + 1] = value;
            size++;
            return null;
        }

        public int size() {
            return size;
        }

        /** Calls {@code action} with every name and value so far (order unspecified). */
        @SuppressWarnings("unchecked")
        public void forEach(BiConsumer<Name, V> action) {
            for (Object[] segment : slots) {
                for (int i = 0; i < segment.length; i += 2) {
                    if (segment[i] != null) {
                        action.accept((Name) segment[i], (V) segment[i + 1]);
                    }
                }
            }
        }

        /** The table, each value replaced by {@code mapping}'s in place; the builder is not to be used after. */
        @SuppressWarnings("unchecked")
        public <W> NameTable<W> build(BiFunction<Name, V, W> mapping) {
            for (Object[] segment : slots) {
                for (int i = 0; i < segment.length; i += 2) {
                    if (segment[i] != null) {
                        segment[i + 1] = mapping.apply((Name) segment[i], (V) segment[i + 1]);
                    }
                }
            }
            return new NameTable<>(this);
        }
    }
}
