package org.awsdns.plugins.ec2.inventory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What a full load does with each instance it reads: an instance equal to the one the served
 * index holds under its ID becomes that one, so an unchanged inventory is not held twice while a
 * load runs (100,000 instances are ~45 MB; the parsed copies die young instead). A load usually
 * reads the instances in the served order, so the one at the same position is tried first; a
 * table by ID (~4 MB for 100,000) is made only when the order differs.
 */
final class KnownInstances implements UnaryOperator<Ec2Instance> {
    private final List<Ec2Instance> served;
    private int position;
    private Map<String, Ec2Instance> byId;

    KnownInstances(List<Ec2Instance> served) {
        this.served = served;
    }

    /** Called by one thread at a time: a source delivers its pages one after the other. */
    @Override
    public synchronized Ec2Instance apply(Ec2Instance loaded) {
        Ec2Instance known = position < served.size() ? served.get(position) : null;
        position++;
        if (known == null || !known.id().equals(loaded.id())) {
            known = byId().get(loaded.id());
        }
        return loaded.equals(known) ? known : loaded;
    }

    private Map<String, Ec2Instance> byId() {
        if (byId == null) {
            byId = new HashMap<>((int) Math.min(1 << 30, served.size() * 4L / 3 + 1));
            for (Ec2Instance instance : served) {
                byId.put(instance.id(), instance);
            }
        }
        return byId;
    }
}
