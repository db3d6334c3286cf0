package org.awsdns.plugins.ec2.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class NameTableTest {

    @Test
    void findsEveryNameInAnyCaseAndNothingElse() throws Exception {
        Map<Name, Integer> map = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            map.put(Name.fromString("host-" + i + ".bench.internal."), i);
        }
        NameTable<Integer> table = new NameTable<>(map);
        assertThat(table.size()).isEqualTo(map.size());
        for (int i = 0; i < 20_000; i++) {
            assertThat(table.get(Name.fromString("HOST-" + i + ".Bench.Internal."))).isEqualTo(i);
            assertThat(table.get(Name.fromString("missing-" + i + ".bench.internal."))).isNull();
        }
        assertThat(new NameTable<>(Map.<Name, Integer>of()).get(Name.root)).isNull();
    }

    @Test
    void spreadsNamesThatNameHashCodeCollides() throws Exception {
        Set<Integer> dnsjava = new HashSet<>();
        Set<Integer> ours = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            Name name = Name.fromString("host-" + i + ".bench.internal.");
            dnsjava.add(name.hashCode());
            ours.add(NameTable.hash(name));
        }
        assertThat(ours.size()).isGreaterThan(99_990).isGreaterThan(dnsjava.size());
    }
}
