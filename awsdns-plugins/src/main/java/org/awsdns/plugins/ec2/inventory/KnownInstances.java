package org.awsdns.plugins.ec2.inventory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What a full load does with each instance it reads: an instance equal to the one the served
 * index holds under its ID becomes that one, so an unchanged inventory is not held twice while a
 * load runs (100,000 instances are ~45 MB; the parsed copies die young instead). The lookup table
 * is made on the first instance, not when a load starts, as a file's load usually finds the
 * file unchanged and reads nothing.
 */
public final class KnownInstances implements UnaryOperator<Ec2Instance> {
    private final List<Ec2Instance> served;
    private Map<String, Ec2Instance> byId;

    KnownInstances(List<Ec2Instance> served) {
        this.served = served;
    }

    /** Called by one thread at a time: a source delivers its pages one after the other. */
    @Override
    public synchronized Ec2Instance apply(Ec2Instance loaded) {
        if (byId == null) {
            byId = new HashMap<>((int) Math.min(1 << 30, served.size() * 4L / 3 + 1));
            for (Ec2Instance instance : served) {
                byId.put(instance.id(), instance);
            }
        }
        Ec2Instance known = byId.get(loaded.id());
        return loaded.equals(known) ? known : loaded;
    }

    /**
     * Whether two views' values hold the same instance objects: one instance, or lists of them in
     * the same order. After a load the same object means an unchanged instance.
     */
    public static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (!(a instanceof List<?> left) || !(b instanceof List<?> right) || left.size() != right.size()) {
            return false;
        }
        for (int i = 0; i < left.size(); i++) {
            if (left.get(i) != right.get(i)) {
                return false;
            }
        }
        return true;
    }
}
