package org.awsdns.plugins.file;

import java.nio.file.Path;
import java.util.List;
import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Makes {@code file} plugins: authoritative answers from an RFC 1035 zone file. */
public final class FileFactory implements PluginFactory<FileConfig> {

    @Override
    public String name() {
        return "file";
    }

    @Override
    public String description() {
        return "answers from an RFC 1035 zone file (CNAME, MX, SRV, TXT, ...), reloaded when it changes";
    }

    @Override
    public Class<FileConfig> configType() {
        return FileConfig.class;
    }

    @Override
    public Plugin create(FileConfig config, PluginContext context) throws Exception {
        Name origin = origin(config, context.zones());
        Path path = context.baseDirectory().resolve(config.path());
        return new FilePlugin(origin, path, config.reload(), config.fallthrough(), context.executor(), context.metrics());
    }

    private static Name origin(FileConfig config, List<Name> blockZones) {
        if (config.zone() != null) {
            String text = config.zone().endsWith(".") ? config.zone() : config.zone() + ".";
            try {
                return Name.fromString(text);
            } catch (TextParseException e) {
                throw new IllegalArgumentException("file: zone " + config.zone() + " is not a domain name: " + e.getMessage(), e);
            }
        }
        if (blockZones.size() != 1 || blockZones.get(0).equals(Name.root)) {
            throw new IllegalArgumentException("file: give the zone's origin with zone: (the server block serves "
                    + (blockZones.isEmpty() ? "no zone" : blockZones) + ", not one zone)");
        }
        return blockZones.get(0);
    }
}
