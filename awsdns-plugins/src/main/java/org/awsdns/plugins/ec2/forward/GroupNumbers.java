package org.awsdns.plugins.ec2.forward;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.awsdns.plugins.ec2.inventory.Ec2Instance;
import org.awsdns.plugins.ec2.inventory.InstanceAttribute;
import org.awsdns.plugins.ec2.inventory.NameTable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The members of a group one by one: for a name shared by instances ({@code web}), the names
 * {@code 1.web}, {@code 2.web}, ... in launch order (then by ID), the aws-name-server convention.
 * A member keeps its number while the ones launched before it stay.
 */
final class GroupNumbers {
    private static final Comparator<Ec2Instance> LAUNCH_ORDER = Comparator
            .comparing((Ec2Instance instance) -> launchTime(instance), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Ec2Instance::id);

    private GroupNumbers() {}

    /**
     * Adds the numbered names of every name in {@code byName} (values: one instance or a list), as
     * more entries of the same table (sized for twice its names).
     */
    @SuppressWarnings("unchecked")
    static void add(NameTable.Builder<Object> byName) {
        List<Map.Entry<Name, Object>> groups = new ArrayList<>(byName.size());
        byName.forEach((name, value) -> groups.add(Map.entry(name, value)));
        for (Map.Entry<Name, Object> group : groups) {
            List<Ec2Instance> members = group.getValue() instanceof Ec2Instance one
                    ? List.of(one) : new ArrayList<>((List<Ec2Instance>) group.getValue());
            if (members.size() > 1) {
                members.sort(LAUNCH_ORDER);
            }
            for (int i = 0; i < members.size(); i++) {
                Name numbered = numbered(i + 1, group.getKey());
                if (numbered != null) {
                    byName.putIfAbsent(numbered, members.get(i));
                }
            }
        }
    }

    private static Name numbered(int number, Name name) {
        try {
            return Name.concatenate(Name.fromString(Integer.toString(number)), name);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            return null; // a name at the length limit has no numbered form
        }
    }

    private static Instant launchTime(Ec2Instance instance) {
        String value = instance.attribute(InstanceAttribute.LAUNCH_TIME);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
