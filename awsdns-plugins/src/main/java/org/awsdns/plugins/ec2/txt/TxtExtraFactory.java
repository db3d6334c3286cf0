package org.awsdns.plugins.ec2.txt;

import java.util.Set;
import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;
import org.awsdns.plugins.ec2.inventory.Ec2Inventory;
import org.awsdns.plugins.ec2.inventory.Inventories;

/** {@code txt-extra}: TXT records of instance attributes for names ec2-forward/ec2-reverse answered. */
public final class TxtExtraFactory implements PluginFactory<TxtExtraConfig> {
    @Override
    public String name() {
        return "txt-extra";
    }

    /** It describes the instances ec2-forward and ec2-reverse found: placed before them it adds nothing. */
    @Override
    public Set<String> runsAfter() {
        return Set.of("ec2-forward", "ec2-reverse");
    }

    @Override
    public String description() {
        return "TXT records (tag:Class=test, id=i-...) for the instances ec2-forward/ec2-reverse answered";
    }

    @Override
    public Class<TxtExtraConfig> configType() {
        return TxtExtraConfig.class;
    }

    @Override
    public Plugin create(TxtExtraConfig config, PluginContext context) {
        Ec2Inventory inventory = Inventories.require(context, config.inventory(), name());
        return new TxtExtraPlugin(inventory, new TxtView.Spec(config.extraRefs()), config.ttl());
    }
}
