package org.awsdns.server.cli;

import static java.util.Objects.requireNonNull;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.awsdns.server.config.ConfigException;
import org.awsdns.server.config.ConfigLoader;
import org.awsdns.server.config.ConfigOverrides;
import org.awsdns.server.config.ConfigSource;
import org.awsdns.server.config.ConfigValues;
import org.awsdns.server.config.LoadedConfig;
import org.awsdns.server.metrics.MicrometerMetrics;
import org.awsdns.server.plugin.ChainBuilder;
import org.awsdns.server.plugin.PluginDiscovery;
import org.awsdns.server.plugin.PluginModule;
import org.awsdns.server.plugin.PluginRegistry;
import org.awsdns.server.plugin.ResourceBuilder;
import org.awsdns.server.plugin.SharedResources;
import org.awsdns.server.transport.DnsServer;
import org.awsdns.server.transport.ServerBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running awsdns: configuration loaded, plugins created, listeners bound. The entry point for
 * {@code awsdns serve} and for in-process tests:
 *
 * <pre>{@code
 * try (AwsdnsServer server = AwsdnsServer.builder().yaml(yaml).listen("127.0.0.1:0").start()) {
 *     InetSocketAddress address = server.boundAddresses().get(0);
 *     ...
 * }
 * }</pre>
 */
public final class AwsdnsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AwsdnsServer.class);

    private final LoadedConfig config;
    private final List<ServerBlock> blocks;
    private final DnsServer server;
    private final MicrometerMetrics metrics;
    private final ScheduledExecutorService executor;
    private final SharedResources resources;
    private boolean closed;

    private AwsdnsServer(LoadedConfig config, List<ServerBlock> blocks, DnsServer server, MicrometerMetrics metrics,
            ScheduledExecutorService executor, SharedResources resources) {
        this.config = config;
        this.blocks = blocks;
        this.server = server;
        this.metrics = metrics;
        this.executor = executor;
        this.resources = resources;
    }

    /** The shared resources (EC2 inventories and the like), e.g. for readiness. */
    public SharedResources resources() {
        return resources;
    }

    /** Starts a server from a YAML string, with plugins from the class path. */
    public static AwsdnsServer fromYaml(String yaml) {
        return builder().yaml(yaml).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The injector of the server's services, for a registry already discovered. */
    static Injector injector(PluginRegistry registry) {
        return Guice.createInjector(new PluginModule(registry), new ServerModule());
    }

    /** Where the listeners are bound (ports resolved when 0 was asked for), UDP and TCP alike. */
    public List<InetSocketAddress> boundAddresses() {
        return server.boundAddresses();
    }

    public LoadedConfig config() {
        return config;
    }

    public List<ServerBlock> blocks() {
        return blocks;
    }

    public MeterRegistry meterRegistry() {
        return metrics.registry();
    }

    /** Stops listening, lets in-flight queries finish within the grace period, closes the plugins. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close(); // drains in-flight queries, then closes every block's plugins
        } finally {
            resources.close();
            executor.shutdownNow();
        }
        log.info("awsdns stopped");
    }

    private static List<String> listenAddresses(List<ServerBlock> blocks) {
        return blocks.stream().flatMap(block -> block.listen().stream()).distinct().map(ConfigValues::format).toList();
    }

    private static void closeAll(List<ServerBlock> blocks, SharedResources resources, ScheduledExecutorService executor) {
        blocks.forEach(block -> block.pipeline().close());
        resources.close();
        executor.shutdownNow();
    }

    /** What to start: a config (file or YAML string), overrides and a plugins folder. */
    public static final class Builder {
        private ConfigSource source;
        private final List<String> listen = new ArrayList<>();
        private final List<String> sets = new ArrayList<>();
        private Optional<Path> pluginsDirectory = Optional.empty();
        private PluginRegistry registry;

        private Builder() {}

        public Builder source(ConfigSource source) {
            this.source = requireNonNull(source, "source is null");
            return this;
        }

        public Builder yaml(String yaml) {
            return source(ConfigSource.yaml(yaml));
        }

        public Builder configFile(Path file) {
            return source(ConfigSource.file(file));
        }

        /** Like {@code --listen}: replaces the listen addresses of every block. */
        public Builder listen(String... addresses) {
            listen.addAll(List.of(addresses));
            return this;
        }

        /** Like {@code --set PATH=VALUE}. */
        public Builder set(String... assignments) {
            sets.addAll(List.of(assignments));
            return this;
        }

        public Builder overrides(ConfigOverrides overrides) {
            listen.addAll(overrides.listen());
            sets.addAll(overrides.sets());
            return this;
        }

        public Builder pluginsDirectory(Optional<Path> directory) {
            this.pluginsDirectory = requireNonNull(directory, "directory is null");
            return this;
        }

        /** Plugins already discovered; by default they are discovered at {@link #start}. */
        public Builder registry(PluginRegistry registry) {
            this.registry = requireNonNull(registry, "registry is null");
            return this;
        }

        /**
         * @throws ConfigException for a mistake in the configuration or a plugin that cannot start
         */
        public AwsdnsServer start() {
            if (source == null) {
                throw new IllegalStateException("no configuration given: call yaml(...), configFile(...) or source(...)");
            }
            PluginRegistry plugins = registry != null ? registry : PluginDiscovery.discover(pluginsDirectory);
            Injector injector = injector(plugins);
            LoadedConfig config = injector.getInstance(ConfigLoader.class)
                    .load(source, new ConfigOverrides(listen, sets));
            ScheduledExecutorService executor = injector.getInstance(ScheduledExecutorService.class);
            MicrometerMetrics metrics = injector.getInstance(MicrometerMetrics.class);
            SharedResources resources;
            List<ServerBlock> blocks;
            try {
                resources = injector.getInstance(ResourceBuilder.class).build(config);
            } catch (RuntimeException e) {
                executor.shutdownNow();
                throw e;
            }
            try {
                blocks = injector.getInstance(ChainBuilder.class).build(config, resources);
            } catch (RuntimeException e) {
                resources.close();
                executor.shutdownNow();
                throw e;
            }
            DnsServer server;
            try {
                server = DnsServer.start(config.transport(), blocks, metrics);
            } catch (IOException e) {
                closeAll(blocks, resources, executor);
                throw new ConfigException("cannot listen on " + listenAddresses(blocks) + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                closeAll(blocks, resources, executor);
                throw e;
            }
            log.info("awsdns listening on {}",
                    server.boundAddresses().stream().map(ConfigValues::format).toList());
            return new AwsdnsServer(config, blocks, server, metrics, executor, resources);
        }
    }
}
