package org.awsdns.server.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awsdns.server.config.ConfigOverrides;
import picocli.CommandLine.Option;

/** The options of {@code serve} and {@code check}, also accepted before the subcommand. */
final class CommonOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "The configuration file; default: $AWSDNS_CONFIG, ./awsdns.yaml, /etc/awsdns/awsdns.yaml, ~/.awsdns.yaml")
    Path config;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Listen here instead of each server block's 'listen' (repeatable)")
    List<String> listen = new ArrayList<>();

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Override a configuration value, e.g. servers[0].plugins.hosts.ttl=60 (repeatable)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--plugins-dir", paramLabel = "DIR", description = "Load plugins from the jars in this folder")
    Path pluginsDirectory;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "error, warn, info, debug or trace; default info")
    LogLevels.LogLevel logLevel;

    @Option(names = "--log-format", paramLabel = "FORMAT",
            description = "text or json (one JSON object per line, for the CloudWatch agent or Fluent Bit); default text")
    org.awsdns.server.logging.LogFormat logFormat;

    /** These options, with {@code parent}'s (given before the subcommand) where these have none. */
    CommonOptions withDefaults(CommonOptions parent) {
        CommonOptions merged = new CommonOptions();
        merged.config = config != null ? config : parent.config;
        merged.listen = new ArrayList<>(parent.listen);
        merged.listen.addAll(listen);
        merged.sets = new ArrayList<>(parent.sets);
        merged.sets.addAll(sets);
        merged.pluginsDirectory = pluginsDirectory != null ? pluginsDirectory : parent.pluginsDirectory;
        merged.logLevel = logLevel != null ? logLevel : parent.logLevel;
        merged.logFormat = logFormat != null ? logFormat : parent.logFormat;
        return merged;
    }

    ConfigOverrides overrides() {
        return new ConfigOverrides(listen, sets);
    }

    Optional<Path> pluginsDirectory() {
        return Optional.ofNullable(pluginsDirectory);
    }
}
