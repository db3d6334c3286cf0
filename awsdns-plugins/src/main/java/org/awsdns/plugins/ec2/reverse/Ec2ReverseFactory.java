package org.awsdns.plugins.ec2.reverse;

import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;
import org.awsdns.plugins.ec2.inventory.Ec2Inventory;
import org.awsdns.plugins.ec2.inventory.Inventories;

/** {@code ec2-reverse}: PTR records for EC2 instance addresses. */
public final class Ec2ReverseFactory implements PluginFactory<Ec2ReverseConfig> {
    @Override
    public String name() {
        return "ec2-reverse";
    }

    @Override
    public String description() {
        return "PTR records for every private (or public) address of EC2 instances from an inventory";
    }

    @Override
    public Class<Ec2ReverseConfig> configType() {
        return Ec2ReverseConfig.class;
    }

    @Override
    public Plugin create(Ec2ReverseConfig config, PluginContext context) {
        Ec2Inventory inventory = Inventories.require(context, config.inventory(), name());
        return new Ec2ReversePlugin(inventory,
                new ReverseView.Spec(config.publicAddresses(), config.nameRef(), config.zoneName(), config.ttl()));
    }
}
