package org.awsdns.plugins.ec2.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awsdns.plugins.ec2.forward.ForwardView;
import org.awsdns.plugins.ec2.reverse.ReverseView;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/** The views of a load built after the served index's: unchanged entries and answers are kept, changes are not missed. */
class ViewsAfterALoadTest {
    private static final Name ZONE = Name.fromConstantString("demo.internal.");
    private static final ForwardView.Spec FORWARD = new ForwardView.Spec(AttributeRef.tagRef("Name"), ZONE, 60, false);
    private static final ReverseView.Spec REVERSE = new ReverseView.Spec(false, AttributeRef.tagRef("Name"), ZONE, 60);

    private static Ec2Instance instance(String id, String name, String ip) throws Exception {
        return new Ec2Instance(id, Map.of(InstanceAttribute.ID, id), Map.of("Name", name),
                List.of(InetAddress.getByName(ip)), List.of(), List.of());
    }

    private static Name name(String host) throws Exception {
        return Name.fromString(host, ZONE);
    }

    private static Name reverse(String ip) throws Exception {
        return ReverseMap.fromAddress(ip);
    }

    @Test
    void keepsTheEntriesOfUnchangedInstancesAndRemakesTheOthers() throws Exception {
        InventoryIndex served = InventoryIndex.of(List.of(instance("i-1", "web", "10.0.0.1"),
                instance("i-2", "db", "10.0.0.2"), instance("i-3", "cache", "10.0.0.3")), Instant.EPOCH);
        ForwardView forwardBefore = served.view(FORWARD);
        ReverseView reverseBefore = served.view(REVERSE);
        var webAnswer = forwardBefore.get(name("web")).wire(Type.A);
        var webPtr = reverseBefore.get(reverse("10.0.0.1")).wire();

        // the next load reads equal copies of i-1 and i-3, i-2 moved to another address, i-4 is new
        KnownInstances known = new KnownInstances(served.instances());
        List<Ec2Instance> loaded = new ArrayList<>();
        for (Ec2Instance read : List.of(instance("i-4", "queue", "10.0.0.4"), instance("i-1", "web", "10.0.0.1"),
                instance("i-2", "db", "10.0.0.22"), instance("i-3", "cache", "10.0.0.3"))) {
            loaded.add(known.apply(read));
        }
        InventoryIndex next = InventoryIndex.of(loaded, Instant.EPOCH);
        next.buildAfter(served);
        ForwardView forward = next.view(FORWARD);
        ReverseView reverse = next.view(REVERSE);
        next.forgetPrevious();

        assertThat(loaded.get(1)).isSameAs(served.instances().get(0));
        assertThat(forward.get(name("web"))).isSameAs(forwardBefore.get(name("web")));
        assertThat(forward.get(name("web")).wire(Type.A)).isSameAs(webAnswer);
        assertThat(forward.get(name("cache"))).isSameAs(forwardBefore.get(name("cache")));
        assertThat(reverse.get(reverse("10.0.0.1")).wire()).isSameAs(webPtr);

        assertThat(forward.get(name("db"))).isNotSameAs(forwardBefore.get(name("db")));
        assertThat(forward.get(name("db")).records(Type.A)).singleElement()
                .satisfies(record -> assertThat(record.rdataToString()).isEqualTo("10.0.0.22"));
        assertThat(reverse.get(reverse("10.0.0.2"))).isNull();
        assertThat(reverse.get(reverse("10.0.0.22")).ptr()).singleElement()
                .satisfies(record -> assertThat(record.rdataToString()).isEqualTo("db.demo.internal."));
        assertThat(forward.get(name("queue")).records(Type.A)).hasSize(1);
        assertThat(next.previousView(FORWARD)).isNull();
    }

    @Test
    void aNameTakenByAnotherInstanceIsNotTheOldEntry() throws Exception {
        InventoryIndex served = InventoryIndex.of(List.of(instance("i-1", "web", "10.0.0.1")), Instant.EPOCH);
        ForwardView before = served.view(FORWARD);
        before.get(name("web")).wire(Type.A);

        // i-1 is gone; i-9, new, has its name and address
        KnownInstances known = new KnownInstances(served.instances());
        InventoryIndex next = InventoryIndex.of(List.of(known.apply(instance("i-9", "web", "10.0.0.1"))), Instant.EPOCH);
        next.buildAfter(served);
        ForwardView forward = next.view(FORWARD);
        next.forgetPrevious();

        assertThat(forward.get(name("web"))).isNotSameAs(before.get(name("web")));
        assertThat(forward.get(name("web")).instances()).extracting(Ec2Instance::id).containsExactly("i-9");
    }
}
