package org.awsdns.plugins.ec2.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class NameTableTest {

    @Test
    void findsEveryNameInAnyCaseAndNothingElse() throws Exception {
        NameTable.Builder<Integer> builder = new NameTable.Builder<>(20_000);
        for (int i = 0; i < 20_000; i++) {
            builder.put(Name.fromString("host-" + i + ".bench.internal."), i);
        }
        NameTable<Integer> table = builder.build((name, value) -> value);
        assertThat(table.size()).isEqualTo(20_000);
        for (int i = 0; i < 20_000; i++) {
            assertThat(table.get(Name.fromString("HOST-" + i + ".Bench.Internal."))).isEqualTo(i);
            assertThat(table.get(Name.fromString("missing-" + i + ".bench.internal."))).isNull();
        }
        assertThat(new NameTable.Builder<Integer>(0).build((name, value) -> value).get(Name.root)).isNull();
    }

    @Test
    void aTableOfManySegmentsFindsEveryName() throws Exception {
        int names = 100_000; // 262,144 slots in 8 segments: probes run across their ends
        NameTable.Builder<Integer> builder = new NameTable.Builder<>(names);
        for (int i = 0; i < names; i++) {
            Name name = Name.fromString("host-" + i + ".bench.internal.");
            builder.put(name, i);
        }
        NameTable<Integer> table = builder.build((name, value) -> value);
        assertThat(table.size()).isEqualTo(names);
        for (int i = 0; i < names; i++) {
            Name name = Name.fromString("Host-" + i + ".bench.internal.");
            assertThat(table.get(name)).isEqualTo(i);
            assertThat(table.get(Name.fromString("gone-" + i + ".bench.internal."))).isNull();
        }
    }

    @Test
    void builderKeepsTheFirstValueOnPutIfAbsentAndTheLastOnPutInAnyCase() throws Exception {
        NameTable.Builder<String> builder = new NameTable.Builder<>(3);
        assertThat(builder.putIfAbsent(Name.fromString("a.example."), "first")).isNull();
        assertThat(builder.putIfAbsent(Name.fromString("A.Example."), "second")).isEqualTo("first");
        builder.put(Name.fromString("b.example."), "b");
        builder.put(Name.fromString("B.EXAMPLE."), "bbb"); // replaces "b"
        assertThat(builder.size()).isEqualTo(2);

        NameTable<Integer> table = builder.build((name, value) -> value.length());
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.get(Name.fromString("a.EXAMPLE."))).isEqualTo(5);
        assertThat(table.get(Name.fromString("b.example."))).isEqualTo(3);
        assertThat(table.get(Name.fromString("c.example."))).isNull();
    }

    @Test
    void builderRefusesMoreNamesThanItWasMadeForInsteadOfLoopingForever() throws Exception {
        NameTable.Builder<Integer> builder = new NameTable.Builder<>(0);
        builder.put(Name.fromString("a.example."), 1);
        builder.put(Name.fromString("b.example."), 2);
        assertThatThrownBy(() -> builder.put(Name.fromString("c.example."), 3))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("more than the 2 names");
        builder.put(Name.fromString("a.example."), 4); // a name it has may still change
        assertThat(builder.build((name, value) -> value).get(Name.fromString("a.example."))).isEqualTo(4);
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
