package org.awsdns.plugins.ec2;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.awsdns.core.AttributeKey;
import org.awsdns.plugins.ec2.inventory.Ec2Instance;
import org.xbill.DNS.Name;

/**
 * The instances a name stands for, left on the query by {@code ec2-forward} and
 * {@code ec2-reverse} for {@code txt-extra}: set whenever the name is known, whether or not the
 * asked type had records.
 *
 * @param owner the name answered (the owner of any TXT records added for it)
 * @param instances the instances, at least one
 */
public record Ec2Answer(Name owner, List<Ec2Instance> instances) {
    /** The query attribute holding the answer. */
    public static final AttributeKey<Ec2Answer> KEY = AttributeKey.of("ec2.answer", Ec2Answer.class);

    public Ec2Answer {
        requireNonNull(owner, "owner is null");
        instances = List.copyOf(instances);
    }
}
