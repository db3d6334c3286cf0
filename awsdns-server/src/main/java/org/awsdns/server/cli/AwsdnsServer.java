package org.awsdns.server.cli;

import static java.util.Objects.requireNonNull;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awsdns.server.config.ConfigException;
import org.awsdns.server.config.ConfigLoader;
import org.awsdns.server.config.ConfigOverrides;
import org.awsdns.server.config.ConfigSource;
import org.awsdns.server.config.ConfigValues;
import org.awsdns.server.config.EndpointConfig;
import org.awsdns.server.config.LoadedConfig;
import org.awsdns.server.http.HttpEndpoints;
import org.awsdns.server.metrics.MicrometerMetrics;
import org.awsdns.server.plugin.ChainBuilder;
import org.awsdns.server.plugin.PluginDiscovery;
import org.awsdns.server.plugin.PluginModule;
import org.awsdns.server.plugin.PluginRegistry;
import org.awsdns.server.plugin.ResourceBuilder;
import org.awsdns.server.plugin.SharedResources;
import org.awsdns.server.transport.DnsServer;
import org.awsdns.server.transport.IoMode;
import org.awsdns.server.transport.QueryPath;
import org.awsdns.server.transport.ServerBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running awsdns: configuration loaded, plugins created, listeners bound, HTTP endpoints
 * serving. The entry point for {@code awsdns serve} and for in-process tests:
 *
 * <pre>{@code
 * try (AwsdnsServer server = AwsdnsServer.builder().yaml(yaml).listen("127.0.0.1:0").start()) {
 *     InetSocketAddress address = server.boundAddresses().get(0);
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #reload} reads the configuration again (SIGHUP, or a change of the watched file) and
 * replaces the chains without failing a query; see {@code docs/configuration.md}.
 */
public final class AwsdnsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AwsdnsServer.class);

    private final Services services;
    private final DnsServer server;
    private final HttpEndpoints http;
    private final JvmMetrics jvmMetrics;
    private final Reloader reloader;
    private boolean closed;

    private AwsdnsServer(Services services, DnsServer server, HttpEndpoints http, JvmMetrics jvmMetrics,
            Reloader reloader) {
        this.services = services;
        this.server = server;
        this.http = http;
        this.jvmMetrics = jvmMetrics;
        this.reloader = reloader;
    }

    /** The shared resources (EC2 inventories and the like) now serving, e.g. for readiness. */
    public SharedResources resources() {
        return reloader.served().resources();
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

    /**
     * The query path behind the listeners of {@code bound} (one of {@link #boundAddresses()}),
     * without the socket: for benchmarks and fuzzers.
     */
    public QueryPath queryPath(InetSocketAddress bound) {
        return server.queryPath(bound);
    }

    /** The I/O mode the listeners run on ({@code transport.io}, {@code auto} resolved). */
    public IoMode ioMode() {
        return server.ioMode();
    }

    /** Where {@code /metrics} is served (port resolved), when {@code metrics:} is configured. */
    public Optional<InetSocketAddress> metricsAddress() {
        return http.metricsAddress();
    }

    /** Where {@code /health} and {@code /ready} are served, when {@code health:} is configured. */
    public Optional<InetSocketAddress> healthAddress() {
        return http.healthAddress();
    }

    /** The configuration now serving. */
    public LoadedConfig config() {
        return reloader.served().config();
    }

    /** The server blocks now serving. */
    public List<ServerBlock> blocks() {
        return server.current().blocks();
    }

    public MeterRegistry meterRegistry() {
        return services.metrics().registry();
    }

    /** What {@code /ready} lists: the shared resources not ready yet. */
    public List<String> notReady() {
        return resources().notReady();
    }

    /**
     * Reads the configuration again, with the overrides of the start, and serves it if it is
     * valid: resources whose definition did not change are kept (same instance, no new load),
     * chains are built anew, listeners whose address did not change keep their sockets, the old
     * chains close once their last query is answered. If anything fails, the old configuration
     * keeps serving; the error is logged and counted ({@code awsdns_reloads{outcome="failure"}}).
     * Never throws.
     */
    public ReloadResult reload() {
        return reloader.reload();
    }

    /**
     * Stops listening (DNS and HTTP), lets in-flight queries finish within the grace period,
     * closes the plugins and the shared resources.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            reloader.close();
            http.close();
            server.close(); // drains in-flight queries, then closes the generation: chains, resources, scope
        } finally {
            jvmMetrics.close();
            services.executor().shutdownNow();
        }
        log.info("awsdns stopped");
    }

    /**
     * What a reload did.
     *
     * @param success whether the new configuration serves
     * @param message what changed, or why it failed
     */
    public record ReloadResult(boolean success, String message) {
        static ReloadResult success(String message) {
            return new ReloadResult(true, message);
        }

        static ReloadResult failure(String message) {
            return new ReloadResult(false, message);
        }
    }

    /** The services from the injector a running server keeps. */
    private record Services(GenerationFactory factory, MicrometerMetrics metrics, ScheduledExecutorService executor) {
        static Services from(Injector injector) {
            MicrometerMetrics metrics = injector.getInstance(MicrometerMetrics.class);
            GenerationFactory factory = new GenerationFactory(
                    injector.getInstance(ConfigLoader.class),
                    injector.getInstance(ResourceBuilder.class),
                    injector.getInstance(ChainBuilder.class),
                    metrics);
            return new Services(factory, metrics, injector.getInstance(ScheduledExecutorService.class));
        }
    }

    /** What to start: a config (file or YAML string), overrides and a plugins folder. */
    public static final class Builder {
        private Supplier<ConfigSource> source;
        private Path configFile;
        private final List<String> listen = new ArrayList<>();
        private final List<String> sets = new ArrayList<>();
        private Optional<Path> pluginsDirectory = Optional.empty();
        private PluginRegistry registry;

        private Builder() {}

        /** A configuration given as is: a reload reads the same text again. */
        public Builder source(ConfigSource source) {
            requireNonNull(source, "source is null");
            this.source = () -> source;
            this.configFile = null;
            return this;
        }

        public Builder yaml(String yaml) {
            return source(ConfigSource.yaml(yaml));
        }

        /** A configuration file, read again by each reload, and watched if it says so. */
        public Builder configFile(Path file) {
            requireNonNull(file, "file is null");
            this.source = () -> ConfigSource.file(file);
            this.configFile = file;
            return this;
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
            Services services = Services.from(injector);
            ConfigOverrides startOverrides = new ConfigOverrides(listen, sets);
            ScheduledExecutorService executor = services.executor();
            GenerationFactory.Built built;
            try {
                LoadedConfig config = services.factory().load(source.get(), startOverrides);
                built = services.factory().build(config, null);
            } catch (RuntimeException e) {
                executor.shutdownNow();
                throw e;
            }
            LoadedConfig config = built.served().config();
            MicrometerMetrics metrics = services.metrics();
            PrometheusMeterRegistry prometheus = injector.getInstance(PrometheusMeterRegistry.class);
            // before listening: once the DNS port answers, the caller may stop us at any moment
            JvmMetrics jvmMetrics = JvmMetrics.bindTo(metrics.registry());
            AtomicReference<Supplier<List<String>>> readiness = new AtomicReference<>(built.served().resources()::notReady);
            HttpEndpoints http = new HttpEndpoints(prometheus::scrape, () -> readiness.get().get());
            Runnable rollback = () -> {
                http.close();
                jvmMetrics.close();
                built.discard(null);
                executor.shutdownNow();
            };
            try {
                http.apply(config.metrics().map(EndpointConfig::listen), config.health().map(EndpointConfig::listen));
            } catch (IOException | RuntimeException e) {
                rollback.run();
                throw e instanceof IOException io ? ListenErrors.http(io, config)
                        : new ConfigException("cannot serve the HTTP endpoints: " + e.getMessage(), e);
            }
            DnsServer server;
            try {
                server = DnsServer.start(config.transport(), built.blocks(), built.served(), metrics);
            } catch (IOException e) {
                rollback.run();
                throw ListenErrors.dns(e, config);
            } catch (RuntimeException e) {
                rollback.run();
                throw e;
            }
            Reloader reloader = new Reloader(source, startOverrides, Optional.ofNullable(configFile), services.factory(),
                    server, http, metrics);
            AwsdnsServer started = new AwsdnsServer(services, server, http, jvmMetrics, reloader);
            readiness.set(started::notReady);
            reloader.watch(config);
            HeapBudget.checkWhenReady(built.blocks(), built.served().resources(), executor);
            log.info("awsdns listening on {} ({} I/O)",
                    server.boundAddresses().stream().map(ConfigValues::format).toList(), server.ioMode());
            return started;
        }
    }
}
