package org.awsdns.plugins.hosts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;

/** Makes {@code hosts} plugins: A, AAAA and PTR from hosts(5) lines, inline or in a file. */
public final class HostsFactory implements PluginFactory<HostsConfig> {

    @Override
    public String name() {
        return "hosts";
    }

    @Override
    public String description() {
        return "answers A, AAAA and PTR from hosts(5) lines given inline or in a file";
    }

    @Override
    public Class<HostsConfig> configType() {
        return HostsConfig.class;
    }

    @Override
    public Plugin create(HostsConfig config, PluginContext context) throws Exception {
        List<HostLine> inline = new ArrayList<>(config.entries().size());
        for (String entry : config.entries()) {
            inline.add(HostLine.parse(entry)); // checked by HostsConfig: never null, never invalid
        }
        Path file = config.file() == null ? null : context.baseDirectory().resolve(config.file());
        try {
            return new HostsPlugin(inline, file, config.ttl(), config.reload(), context.executor(), context.metrics());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("hosts: cannot read file " + file + ": " + describe(e), e);
        }
    }

    private static String describe(java.io.IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.toString();
    }
}
