package org.awsdns.plugins.ec2.forward;

import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;
import org.awsdns.plugins.ec2.inventory.Ec2Inventory;
import org.awsdns.plugins.ec2.inventory.Inventories;

/** {@code ec2-forward}: A/AAAA for EC2 instance names. */
public final class Ec2ForwardFactory implements PluginFactory<Ec2ForwardConfig> {
    @Override
    public String name() {
        return "ec2-forward";
    }

    @Override
    public String description() {
        return "A and AAAA records for EC2 instance names (tag:Name) from an inventory";
    }

    @Override
    public Class<Ec2ForwardConfig> configType() {
        return Ec2ForwardConfig.class;
    }

    @Override
    public Plugin create(Ec2ForwardConfig config, PluginContext context) {
        Ec2Inventory inventory = Inventories.require(context, config.inventory(), name());
        return new Ec2ForwardPlugin(inventory,
                new ForwardView.Spec(config.keyRef(), config.zoneName(), config.ttl(), config.publicAddress()));
    }
}
