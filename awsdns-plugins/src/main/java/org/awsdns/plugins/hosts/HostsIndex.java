package org.awsdns.plugins.hosts;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/**
 * The immutable index the {@code hosts} plugin answers from: one entry per known name (host names
 * and the reverse names of their addresses), each holding its records, built once per load.
 *
 * <p>Reverse names are keyed by the canonical form {@link ReverseMap#fromAddress} builds (four
 * decimal labels under {@code in-addr.arpa.}, 32 nibbles under {@code ip6.arpa.}), so a malformed
 * or partial reverse name never matches: the strict validation is the exact lookup itself, and
 * {@code ReverseMap.fromName} is never used.
 */
final class HostsIndex {
    static final HostsIndex EMPTY = new HostsIndex(Map.of(), 0, 0);

    private final Map<Name, Host> hosts;
    private final int entries;
    private final int invalidLines;

    private HostsIndex(Map<Name, Host> hosts, int entries, int invalidLines) {
        this.hosts = hosts;
        this.entries = entries;
        this.invalidLines = invalidLines;
    }

    /** The records of {@code name}, or {@code null} when the name is unknown. */
    Host lookup(Name name) {
        return hosts.get(name);
    }

    /** The number of distinct (name, address) pairs: the A and AAAA records held. */
    int entries() {
        return entries;
    }

    /** The number of file lines that were skipped as invalid. */
    int invalidLines() {
        return invalidLines;
    }

    /**
     * Builds an index. Every address of a name is kept, in order of appearance, without duplicates;
     * the reverse name of each address points at the canonical name (the first name) of every line
     * giving that address.
     */
    static HostsIndex build(List<HostLine> lines, long ttl, int invalidLines) {
        Map<Name, Set<Record>> forward4 = new LinkedHashMap<>();
        Map<Name, Set<Record>> forward6 = new LinkedHashMap<>();
        Map<Name, Set<Record>> reverse = new LinkedHashMap<>();
        for (HostLine line : lines) {
            InetAddress address = line.address();
            boolean v4 = address instanceof Inet4Address;
            for (Name name : line.names()) {
                Record record = v4
                        ? new ARecord(name, DClass.IN, ttl, address)
                        : new AAAARecord(name, DClass.IN, ttl, address);
                (v4 ? forward4 : forward6).computeIfAbsent(name, n -> new LinkedHashSet<>()).add(record);
            }
            Name reverseName = ReverseMap.fromAddress(address);
            reverse.computeIfAbsent(reverseName, n -> new LinkedHashSet<>())
                    .add(new PTRRecord(reverseName, DClass.IN, ttl, line.canonicalName()));
        }

        Set<Name> names = new LinkedHashSet<>(forward4.keySet());
        names.addAll(forward6.keySet());
        names.addAll(reverse.keySet());
        Map<Name, Host> hosts = new LinkedHashMap<>();
        int entries = 0;
        for (Name name : names) {
            Host host = new Host(
                    List.copyOf(forward4.getOrDefault(name, Set.of())),
                    List.copyOf(forward6.getOrDefault(name, Set.of())),
                    List.copyOf(reverse.getOrDefault(name, Set.of())));
            entries += host.a.size() + host.aaaa.size();
            hosts.put(name, host);
        }
        return new HostsIndex(Map.copyOf(hosts), entries, invalidLines);
    }

    /** The prebuilt records of one name. */
    static final class Host {
        private final List<Record> a;
        private final List<Record> aaaa;
        private final List<Record> ptr;
        private final List<Record> any;

        Host(List<Record> a, List<Record> aaaa, List<Record> ptr) {
            this.a = a;
            this.aaaa = aaaa;
            this.ptr = ptr;
            List<Record> all = new ArrayList<>(a.size() + aaaa.size() + ptr.size());
            all.addAll(a);
            all.addAll(aaaa);
            all.addAll(ptr);
            this.any = List.copyOf(all);
        }

        /** The records answering {@code type}; empty for a type this name does not have. */
        List<Record> records(int type) {
            switch (type) {
                case Type.A:
                    return a;
                case Type.AAAA:
                    return aaaa;
                case Type.PTR:
                    return ptr;
                case Type.ANY:
                    return any;
                default:
                    return List.of();
            }
        }
    }
}
