package org.awsdns.plugins.ec2.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnownInstancesTest {
    private static Ec2Instance instance(String id, String name) throws Exception {
        return new Ec2Instance(id, Map.of(InstanceAttribute.ID, id), Map.of("Name", name),
                List.of(InetAddress.getByName("10.0.0.1")), List.of(), List.of());
    }

    @Test
    void anEqualInstanceBecomesTheServedOneInOrderOrNot() throws Exception {
        List<Ec2Instance> served = List.of(instance("i-1", "a"), instance("i-2", "b"), instance("i-3", "c"));

        KnownInstances inOrder = new KnownInstances(served);
        assertThat(inOrder.apply(instance("i-1", "a"))).isSameAs(served.get(0));
        assertThat(inOrder.apply(instance("i-2", "b"))).isSameAs(served.get(1));
        assertThat(inOrder.apply(instance("i-3", "c"))).isSameAs(served.get(2));

        KnownInstances reordered = new KnownInstances(served);
        assertThat(reordered.apply(instance("i-3", "c"))).isSameAs(served.get(2));
        assertThat(reordered.apply(instance("i-1", "a"))).isSameAs(served.get(0));
    }

    @Test
    void aChangedOrNewInstanceStaysTheOneRead() throws Exception {
        List<Ec2Instance> served = List.of(instance("i-1", "a"), instance("i-2", "b"));
        KnownInstances known = new KnownInstances(served);

        Ec2Instance renamed = instance("i-1", "a-renamed");
        assertThat(known.apply(renamed)).isSameAs(renamed);
        assertThat(known.apply(instance("i-2", "b"))).isSameAs(served.get(1));
        Ec2Instance added = instance("i-9", "z");
        assertThat(known.apply(added)).isSameAs(added);
        assertThat(new KnownInstances(List.of()).apply(added)).isSameAs(added);
    }
}
