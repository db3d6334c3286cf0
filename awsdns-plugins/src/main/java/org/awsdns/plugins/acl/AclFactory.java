package org.awsdns.plugins.acl;

import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;

/** Makes {@code acl} plugins: allow, refuse or drop queries by client network and query type. */
public final class AclFactory implements PluginFactory<AclConfig> {

    @Override
    public String name() {
        return "acl";
    }

    /** It must decide before anything is answered to anyone: after cache or forward, refused clients would get cached or forwarded answers (an open resolver). */
    @Override
    public Set<String> runsBefore() {
        return Set.of("cache", "forward");
    }

    @Override
    public String description() {
        return "allows, refuses (REFUSED) or drops queries by client network and query type";
    }

    @Override
    public Class<AclConfig> configType() {
        return AclConfig.class;
    }

    @Override
    public Plugin create(AclConfig config, PluginContext context) {
        List<CompiledRule> rules = new ArrayList<>(config.rules().size());
        for (AclRule rule : config.rules()) {
            rules.add(CompiledRule.of(rule));
        }
        return new AclPlugin(rules, new AclMetrics(context.metrics(), rules));
    }
}
