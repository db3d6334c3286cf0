package org.awsdns.plugins.ec2.txt;

import java.util.ArrayList;
import java.util.List;
import org.awsdns.plugins.ec2.Ec2Settings;
import org.awsdns.plugins.ec2.inventory.AttributeRef;

/**
 * {@code txt-extra}: TXT records describing the instances an earlier ec2-forward or ec2-reverse
 * answered with.
 *
 * @param inventory the inventory's name under {@code inventories:} (required)
 * @param extra the attributes, {@code tag:KEY} or attribute names (required, not empty)
 * @param ttl of the records, seconds (default 60)
 */
public record TxtExtraConfig(String inventory, List<String> extra, Long ttl) {
    public TxtExtraConfig {
        if (inventory == null || inventory.isBlank()) {
            throw new IllegalArgumentException("txt-extra: inventory is required");
        }
        if (extra == null || extra.isEmpty()) {
            throw new IllegalArgumentException("txt-extra: extra must list at least one attribute, e.g. [tag:Class, id]");
        }
        for (String attribute : extra) {
            if (attribute == null) {
                throw new IllegalArgumentException("txt-extra: extra holds an empty entry");
            }
            AttributeRef.parse(attribute);
        }
        extra = List.copyOf(extra);
        ttl = Ec2Settings.checkTtl(ttl, "txt-extra");
    }

    public List<AttributeRef> extraRefs() {
        List<AttributeRef> refs = new ArrayList<>(extra.size());
        for (String attribute : extra) {
            refs.add(AttributeRef.parse(attribute));
        }
        return List.copyOf(refs);
    }
}
