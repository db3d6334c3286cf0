package org.awsdns.plugins.ec2.inventory;

import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.awsdns.core.NameBytes;
import org.xbill.DNS.Name;

/**
 * An immutable table from names to values, open addressing over one array of keys and values:
 * about 16 bytes an entry instead of a {@code HashMap}'s 40, for views of 100,000 names.
 * Lookups are case-insensitive, as {@link Name#equals} is. Names are placed by a hash of their own
 * (FNV-1a of the lower-cased wire form, finished with murmur3's fmix32), not {@code Name.hashCode}:
 * that is {@code h * 9 + byte}, which collides for names differing only in a number
 * ({@code host-1} ... {@code host-100000}: 67,352 distinct hashes, up to 75 names on one).
 *
 * @param <V> the values
 */
public final class NameTable<V> {
    /** name, value, name, value, ...; a null name is a free slot */
    private final Object[] slots;
    /** the hash of the name in each slot */
    private final int[] hashes;
    private final int shift;
    private final int size;

    private NameTable(Builder<?> built) {
        this.slots = built.slots;
        this.hashes = built.hashes;
        this.shift = built.shift;
        this.size = built.size;
    }

    /** The value of {@code name} (any case), or {@code null}. */
    @SuppressWarnings("unchecked")
    public V get(Name name) {
        return (V) find(slots, hashes, shift, name);
    }

    public int size() {
        return size;
    }

    /** The table's hash of {@code name}: the slot is its high bits. Allocates nothing. */
    static int hash(Name name) {
        return NameBytes.hash(name);
    }

    private static Object find(Object[] slots, int[] hashes, int shift, Name name) {
        return slots[2 * slot(slots, hashes, shift, name, hash(name)) + 1]; // a free slot's value is null
    }

    /** The slot holding {@code name} (any case), or the free slot where it would go. */
    private static int slot(Object[] slots, int[] hashes, int shift, Name name, int hash) {
        int mask = hashes.length - 1;
        int i = hash >>> shift;
        Object key;
        while ((key = slots[2 * i]) != null) {
            if (hashes[i] == hash && NameBytes.equalsIgnoreCase((Name) key, name)) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return i;
    }

    /**
     * Fills a table in place, without a map in between (views of 100,000 names made a
     * {@code HashMap} first, then this table: twice the work and ~5 MB of garbage). Sized once for
     * at most the names it was told of; not for use by several threads.
     *
     * @param <V> the values while the table is filled
     */
    public static final class Builder<V> {
        private final Object[] slots;
        private final int[] hashes;
        private final int shift;
        private final int limit;
        private int size;

        /** A builder for at most {@code maxNames} names. */
        public Builder(int maxNames) {
            int capacity = Integer.highestOneBit(Math.max(2, maxNames * 3 / 2)) << 1; // load factor <= 2/3
            slots = new Object[capacity * 2];
            hashes = new int[capacity];
            shift = 32 - Integer.numberOfTrailingZeros(capacity);
            limit = Math.max(maxNames, capacity * 2 / 3);
        }

        /** Sets the value of {@code name}, replacing the one it had. */
        public void put(Name name, V value) {
            insert(name, value, true);
        }

        /** Sets the value of {@code name} if it has none; returns the value it had, or {@code null}. */
        public V putIfAbsent(Name name, V value) {
            return insert(name, value, false);
        }

        @SuppressWarnings("unchecked")
        private V insert(Name name, V value, boolean replace) {
            int hash = hash(name);
            int i = slot(slots, hashes, shift, name, hash);
            if (slots[2 * i] != null) {
                V previous = (V) slots[2 * i + 1];
                if (replace) {
                    slots[2 * i + 1] = value;
                }
                return previous;
            }
            if (size >= limit) {
                throw new IllegalStateException("more than the " + limit + " names this table was made for");
            }
            hashes[i] = hash;
            slots[2 * i] = name;
            slots[2 * i + 1] = value;
            size++;
            return null;
        }

        public int size() {
            return size;
        }

        /** Calls {@code action} with every name and value so far (order unspecified). */
        @SuppressWarnings("unchecked")
        public void forEach(BiConsumer<Name, V> action) {
            for (int i = 0; i < slots.length; i += 2) {
                if (slots[i] != null) {
                    action.accept((Name) slots[i], (V) slots[i + 1]);
                }
            }
        }

        /** The table, each value replaced by {@code mapping}'s in place; the builder is not to be used after. */
        @SuppressWarnings("unchecked")
        public <W> NameTable<W> build(BiFunction<Name, V, W> mapping) {
            for (int i = 0; i < slots.length; i += 2) {
                if (slots[i] != null) {
                    slots[i + 1] = mapping.apply((Name) slots[i], (V) slots[i + 1]);
                }
            }
            return new NameTable<>(this);
        }
    }
}
