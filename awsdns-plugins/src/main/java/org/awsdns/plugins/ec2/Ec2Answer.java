package org.awsdns.plugins.ec2;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.awsdns.core.AttributeKey;
import org.awsdns.plugins.ec2.inventory.Ec2Instance;
import org.xbill.DNS.Name;

/**
 * The instances a name stands for, left on the query by {@code ec2-forward} and
 * {@code ec2-reverse} for {@code txt-extra}: set whenever the name is known, whether or not the
 * asked type had records. The views' entries are answers themselves, so setting it costs no
 * allocation on the query path.
 */
public interface Ec2Answer {
    /** The query attribute holding the answer. */
    AttributeKey<Ec2Answer> KEY = AttributeKey.of("ec2.answer", Ec2Answer.class);

    /** The name answered (the owner of any TXT records added for it). */
    Name owner();

    /** The instances, at least one. */
    List<Ec2Instance> instances();

    /** An answer for {@code owner} standing for {@code instances}. */
    static Ec2Answer of(Name owner, List<Ec2Instance> instances) {
        requireNonNull(owner, "owner is null");
        List<Ec2Instance> copy = List.copyOf(instances);
        return new Ec2Answer() {
            @Override
            public Name owner() {
                return owner;
            }

            @Override
            public List<Ec2Instance> instances() {
                return copy;
            }
        };
    }
}
