package org.awsdns.plugins.ec2.inventory;

import java.net.InetAddress;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Immutable maps for what every instance holds, a few dozen bytes each instead of an
 * {@code EnumMap} of every attribute and a {@code LinkedHashMap} per instance: with 100,000
 * instances these are a large part of the heap.
 */
final class CompactMaps {
    private CompactMaps() {}

    /** The attributes present on an instance: a bit per attribute and their values in ordinal order. */
    static final class Attributes extends AbstractMap<InstanceAttribute, String> {
        private static final InstanceAttribute[] ALL = InstanceAttribute.values();
        static final Attributes EMPTY = new Attributes(0, new Object[0]);

        static {
            if (ALL.length > 32) {
                throw new ExceptionInInitializerError("more than 32 instance attributes");
            }
        }

        private final int present;
        /** Strings, or for address attributes the InetAddress the instance holds anyway, written back when read. */
        private final Object[] values;

        private Attributes(int present, Object[] values) {
            this.present = present;
            this.values = values;
        }

        /** The non-null values of {@code map}; {@code map} itself when it is one already. */
        static Attributes copyOf(Map<InstanceAttribute, String> map) {
            if (map instanceof Attributes attributes) {
                return attributes;
            }
            int present = 0;
            for (Map.Entry<InstanceAttribute, String> entry : map.entrySet()) {
                if (entry.getKey() != null && entry.getValue() != null) {
                    present |= 1 << entry.getKey().ordinal();
                }
            }
            if (present == 0) {
                return EMPTY;
            }
            Object[] values = new Object[Integer.bitCount(present)];
            for (Map.Entry<InstanceAttribute, String> entry : map.entrySet()) {
                if (entry.getKey() != null && entry.getValue() != null) {
                    values[index(present, entry.getKey().ordinal())] = entry.getValue();
                }
            }
            return new Attributes(present, values);
        }

        /**
         * The non-null values of {@code byOrdinal} (values by attribute ordinal), where
         * {@code attribute}'s value is kept as {@code address} when that is the same text (one
         * object less an instance).
         */
        static Attributes ofOrdinals(String[] byOrdinal, InstanceAttribute attribute, InetAddress address) {
            int present = 0;
            for (int i = 0; i < byOrdinal.length; i++) {
                if (byOrdinal[i] != null) {
                    present |= 1 << i;
                }
            }
            if (present == 0) {
                return EMPTY;
            }
            Object[] values = new Object[Integer.bitCount(present)];
            int n = 0;
            for (String value : byOrdinal) {
                if (value != null) {
                    values[n++] = value;
                }
            }
            Attributes attributes = new Attributes(present, values);
            String text = attributes.get(attribute);
            if (text != null && address != null && text.equals(Addresses.toText(address))) {
                values[index(present, attribute.ordinal())] = address;
            }
            return attributes;
        }

        private static int index(int present, int ordinal) {
            return Integer.bitCount(present & ((1 << ordinal) - 1));
        }

        String get(InstanceAttribute attribute) {
            int bit = 1 << attribute.ordinal();
            return (present & bit) == 0 ? null : text(values[index(present, attribute.ordinal())]);
        }

        @Override
        public String get(Object key) {
            return key instanceof InstanceAttribute attribute ? get(attribute) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public Set<Map.Entry<InstanceAttribute, String>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return values.length;
                }

                @Override
                public Iterator<Map.Entry<InstanceAttribute, String>> iterator() {
                    return new Iterator<>() {
                        private int remaining = present;
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return remaining != 0;
                        }

                        @Override
                        public Map.Entry<InstanceAttribute, String> next() {
                            if (remaining == 0) {
                                throw new NoSuchElementException();
                            }
                            int ordinal = Integer.numberOfTrailingZeros(remaining);
                            remaining &= remaining - 1;
                            return new SimpleImmutableEntry<>(ALL[ordinal], text(values[next++]));
                        }
                    };
                }
            };
        }
    }

    private static String text(Object value) {
        return value instanceof String text ? text : Addresses.toText((InetAddress) value);
    }

    /** String keys and values in insertion order, looked up by a linear scan (instances have few tags). */
    static final class Strings extends AbstractMap<String, String> {
        static final Strings EMPTY = new Strings(new String[0]);

        /** key, value, key, value, ... */
        private final String[] pairs;

        private Strings(String[] pairs) {
            this.pairs = pairs;
        }

        /** The entries of {@code map} without null keys or values; {@code map} itself when it is one already. */
        static Strings copyOf(Map<String, String> map) {
            if (map instanceof Strings strings) {
                return strings;
            }
            String[] pairs = new String[map.size() * 2];
            int n = 0;
            for (Map.Entry<String, String> entry : map.entrySet()) {
                if (entry.getKey() != null && entry.getValue() != null) {
                    pairs[n++] = entry.getKey();
                    pairs[n++] = entry.getValue();
                }
            }
            if (n == 0) {
                return EMPTY;
            }
            return new Strings(n == pairs.length ? pairs : java.util.Arrays.copyOf(pairs, n));
        }

        @Override
        public String get(Object key) {
            if (key == null) {
                return null;
            }
            for (int i = 0; i < pairs.length; i += 2) {
                if (key.equals(pairs[i])) {
                    return pairs[i + 1];
                }
            }
            return null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public int size() {
            return pairs.length / 2;
        }

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return pairs.length / 2;
                }

                @Override
                public Iterator<Map.Entry<String, String>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < pairs.length;
                        }

                        @Override
                        public Map.Entry<String, String> next() {
                            if (next >= pairs.length) {
                                throw new NoSuchElementException();
                            }
                            Map.Entry<String, String> entry = new SimpleImmutableEntry<>(pairs[next], pairs[next + 1]);
                            next += 2;
                            return entry;
                        }
                    };
                }
            };
        }
    }
}
