package org.awsdns.plugins.ec2.inventory;

import java.util.Map;
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
    private final int mask;
    private final int shift;
    private final int size;

    /** A table of {@code map}'s entries (null keys or values are left out). */
    public NameTable(Map<Name, V> map) {
        int capacity = Integer.highestOneBit(Math.max(2, map.size() * 3 / 2)) << 1; // load factor <= 2/3
        slots = new Object[capacity * 2];
        hashes = new int[capacity];
        mask = capacity - 1;
        shift = 32 - Integer.numberOfTrailingZeros(capacity);
        int count = 0;
        for (Map.Entry<Name, V> entry : map.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) {
                continue;
            }
            int hash = hash(entry.getKey());
            int i = hash >>> shift;
            while (slots[2 * i] != null) {
                i = (i + 1) & mask;
            }
            hashes[i] = hash;
            slots[2 * i] = entry.getKey();
            slots[2 * i + 1] = entry.getValue();
            count++;
        }
        size = count;
    }

    /** The value of {@code name} (any case), or {@code null}. */
    @SuppressWarnings("unchecked")
    public V get(Name name) {
        int hash = hash(name);
        int i = hash >>> shift;
        Object key;
        while ((key = slots[2 * i]) != null) {
            if (hashes[i] == hash && NameBytes.equalsIgnoreCase((Name) key, name)) {
                return (V) slots[2 * i + 1];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    public int size() {
        return size;
    }

    /** The table's hash of {@code name}: the slot is its high bits. Allocates nothing. */
    static int hash(Name name) {
        return NameBytes.hash(name);
    }
}
