package org.awsdns.server.cli;

import static java.util.Objects.requireNonNull;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awsdns.core.Metrics;
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
    /** Added to the query timeout when waiting for the old chains' queries after a reload. */
    private static final Duration DRAIN_MARGIN = Duration.ofMillis(500);

    private final Supplier<ConfigSource> source;
    private final ConfigOverrides overrides;
    private final Optional<Path> configFile;
    private final Services services;
    private final DnsServer server;
    private final HttpEndpoints http;
    private final JvmGcMetrics gcMetrics;
    private final Metrics.Counter reloadSuccesses;
    private final Metrics.Counter reloadFailures;
    private volatile boolean lastReloadSuccessful = true;
    private volatile Generation generation;
    private ConfigWatcher watcher;
    private boolean closed;

    private AwsdnsServer(Supplier<ConfigSource> source, ConfigOverrides overrides, Optional<Path> configFile,
            Services services, Generation generation, DnsServer server, HttpEndpoints http, JvmGcMetrics gcMetrics) {
        this.source = source;
        this.overrides = overrides;
        this.configFile = configFile;
        this.services = services;
        this.generation = generation;
        this.server = server;
        this.http = http;
        this.gcMetrics = gcMetrics;
        MicrometerMetrics metrics = services.metrics();
        this.reloadSuccesses = metrics.counter("reloads", "Configuration reloads, by outcome", "outcome", "success");
        this.reloadFailures = metrics.counter("reloads", "Configuration reloads, by outcome", "outcome", "failure");
        metrics.gauge("config_last_reload_successful", "1 when the last reload succeeded (or none was tried), else 0",
                () -> lastReloadSuccessful ? 1 : 0);
    }

    /** The shared resources (EC2 inventories and the like) now serving, e.g. for readiness. */
    public SharedResources resources() {
        return generation.resources();
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
        return generation.config();
    }

    /** The server blocks now serving. */
    public List<ServerBlock> blocks() {
        return generation.blocks();
    }

    public MeterRegistry meterRegistry() {
        return services.metrics().registry();
    }

    /** What {@code /ready} lists: the shared resources not ready yet. */
    public List<String> notReady() {
        return generation.resources().notReady();
    }

    /**
     * Reads the configuration again, with the overrides of the start, and serves it if it is
     * valid: resources whose definition did not change are kept (same instance, no new load),
     * chains are built anew, listeners whose address did not change keep their sockets, the old
     * chains close once their queries are answered. If anything fails, the old configuration
     * keeps serving; the error is logged and counted ({@code awsdns_reloads{outcome="failure"}}).
     * Never throws.
     */
    public synchronized ReloadResult reload() {
        if (closed) {
            return ReloadResult.failure("the server is closed");
        }
        try {
            ReloadResult result = tryReload();
            if (watcher != null) {
                watcher.markSeen();
            }
            return result;
        } catch (RuntimeException | Error e) {
            return failed("reload failed unexpectedly: " + e, e);
        }
    }

    private ReloadResult tryReload() {
        Generation old = generation;
        LoadedConfig config;
        try {
            config = services.loader().load(source.get(), overrides);
        } catch (ConfigException e) {
            return failed(e.getMessage(), null);
        }
        SharedResources resources;
        try {
            resources = services.resourceBuilder().build(config, old.resources());
        } catch (ConfigException e) {
            return failed(e.getMessage(), null);
        }
        MicrometerMetrics scope = services.metrics().scope();
        List<ServerBlock> blocks;
        try {
            blocks = services.chainBuilder().build(config, resources, scope);
        } catch (RuntimeException e) {
            resources.closeExcept(old.resources());
            scope.release();
            return failed(e.getMessage(), e instanceof ConfigException ? null : e);
        }
        HttpEndpoints.Plan plan;
        try {
            plan = http.prepare(config.metrics().map(EndpointConfig::listen), config.health().map(EndpointConfig::listen));
        } catch (IOException | RuntimeException e) {
            discard(blocks, resources, old, scope);
            return failed(e instanceof IOException io ? ListenErrors.http(io, config).getMessage()
                    : "cannot serve the HTTP endpoints: " + e.getMessage(), null);
        }
        DnsServer.Applied applied;
        try {
            Duration drain = old.config().transport().queryTimeout().plus(DRAIN_MARGIN);
            applied = server.apply(config.transport(), blocks, drain);
        } catch (IOException | RuntimeException e) {
            plan.abort();
            discard(blocks, resources, old, scope);
            return failed(e instanceof IOException io ? ListenErrors.dns(io, config).getMessage()
                    : "cannot listen: " + e.getMessage(), null);
        }
        // the new chains serve; the old ones were closed by apply once their queries were answered
        generation = new Generation(config, blocks, resources, scope);
        plan.commit();
        old.resources().closeExcept(resources);
        old.scope().release();
        if (watcher != null) {
            watcher.watch(config.reload().watch());
        } else {
            startWatcher(config);
        }
        String changes = describe(old, generation, applied);
        reloadSuccesses.increment();
        lastReloadSuccessful = true;
        log.info("configuration reloaded from {}: {}", config.sourceName(), changes);
        return ReloadResult.success(changes);
    }

    private static void discard(List<ServerBlock> blocks, SharedResources resources, Generation old, MicrometerMetrics scope) {
        blocks.forEach(block -> block.pipeline().close());
        resources.closeExcept(old.resources());
        scope.release();
    }

    private ReloadResult failed(String message, Throwable unexpected) {
        reloadFailures.increment();
        lastReloadSuccessful = false;
        if (unexpected != null) {
            log.error("reload failed, the previous configuration keeps serving: {}", message, unexpected);
        } else {
            log.error("reload failed, the previous configuration keeps serving: {}", message);
        }
        return ReloadResult.failure(message);
    }

    private static String describe(Generation old, Generation current, DnsServer.Applied applied) {
        List<Object> kept = new ArrayList<>();
        List<String> created = new ArrayList<>();
        List<String> closedResources = new ArrayList<>();
        List<Object> oldResources = old.resources().all();
        List<Object> newResources = current.resources().all();
        List<String> newPaths = current.resources().paths();
        List<String> oldPaths = old.resources().paths();
        for (int i = 0; i < newResources.size(); i++) {
            if (containsIdentical(oldResources, newResources.get(i))) {
                kept.add(newPaths.get(i));
            } else {
                created.add(newPaths.get(i));
            }
        }
        for (int i = 0; i < oldResources.size(); i++) {
            if (!containsIdentical(newResources, oldResources.get(i))) {
                closedResources.add(oldPaths.get(i));
            }
        }
        return current.blocks().size() + " server blocks (was " + old.blocks().size() + ")"
                + "; resources kept " + kept + ", created " + created + ", closed " + closedResources
                + "; " + describePlugins(old, current)
                + "; listening on " + format(applied.added()) + " more, " + format(applied.removed()) + " no longer"
                + (applied.drained() ? "" : "; some queries of the old chains were still running when they closed");
    }

    /**
     * Which plugins kept their state (same instance, configuration unchanged) and which blocks have
     * new ones: {@code plugins kept [servers[0]: cache, forward], new [servers[0]: hosts]}.
     */
    private static String describePlugins(Generation old, Generation current) {
        java.util.Set<Object> before = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        old.blocks().forEach(block -> block.pipeline().plugins().forEach(plugin -> before.add(plugin.plugin())));
        List<String> kept = new ArrayList<>();
        List<String> created = new ArrayList<>();
        for (ServerBlock block : current.blocks()) {
            List<String> keptHere = new ArrayList<>();
            List<String> newHere = new ArrayList<>();
            for (org.awsdns.core.NamedPlugin plugin : block.pipeline().plugins()) {
                (before.contains(plugin.plugin()) ? keptHere : newHere).add(plugin.name());
            }
            if (!keptHere.isEmpty()) {
                kept.add(block.name() + ": " + String.join(", ", keptHere));
            }
            if (!newHere.isEmpty()) {
                created.add(block.name() + ": " + String.join(", ", newHere));
            }
        }
        return "plugins kept " + kept + ", new " + created;
    }

    private static boolean containsIdentical(List<Object> list, Object item) {
        return list.stream().anyMatch(element -> element == item);
    }

    private static List<String> format(List<InetSocketAddress> addresses) {
        return addresses.stream().map(ConfigValues::format).toList();
    }

    private synchronized void startWatcher(LoadedConfig config) {
        if (configFile.isEmpty() || config.reload().watch() == null || closed) {
            return;
        }
        watcher = new ConfigWatcher(configFile.get(), this::reload);
        watcher.watch(config.reload().watch());
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
            if (watcher != null) {
                watcher.close();
            }
            http.close();
            server.close(); // drains in-flight queries, then closes every block's plugins
        } finally {
            Generation last = generation;
            last.resources().close();
            last.scope().release();
            gcMetrics.close();
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

    /** One configuration with what was made from it. */
    private record Generation(
            LoadedConfig config, List<ServerBlock> blocks, SharedResources resources, MicrometerMetrics scope) {}

    /** The services from the injector a running server keeps for reloads. */
    private record Services(
            ConfigLoader loader,
            ResourceBuilder resourceBuilder,
            ChainBuilder chainBuilder,
            MicrometerMetrics metrics,
            ScheduledExecutorService executor) {
        static Services from(Injector injector) {
            return new Services(
                    injector.getInstance(ConfigLoader.class),
                    injector.getInstance(ResourceBuilder.class),
                    injector.getInstance(ChainBuilder.class),
                    injector.getInstance(MicrometerMetrics.class),
                    injector.getInstance(ScheduledExecutorService.class));
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
            LoadedConfig config = services.loader().load(source.get(), startOverrides);
            ScheduledExecutorService executor = services.executor();
            MicrometerMetrics metrics = services.metrics();
            SharedResources resources;
            try {
                resources = services.resourceBuilder().build(config);
            } catch (RuntimeException e) {
                executor.shutdownNow();
                throw e;
            }
            MicrometerMetrics scope = metrics.scope();
            List<ServerBlock> blocks;
            try {
                blocks = services.chainBuilder().build(config, resources, scope);
            } catch (RuntimeException e) {
                resources.close();
                executor.shutdownNow();
                throw e;
            }
            PrometheusMeterRegistry prometheus = injector.getInstance(PrometheusMeterRegistry.class);
            // before listening: once the DNS port answers, the caller may stop us at any moment
            JvmGcMetrics gcMetrics = bindJvmMetrics(metrics.registry());
            Generation generation = new Generation(config, blocks, resources, scope);
            AtomicReference<Supplier<List<String>>> readiness = new AtomicReference<>(resources::notReady);
            HttpEndpoints http = new HttpEndpoints(prometheus::scrape, () -> readiness.get().get());
            DnsServer server;
            try {
                http.apply(config.metrics().map(EndpointConfig::listen), config.health().map(EndpointConfig::listen));
            } catch (IOException | RuntimeException e) {
                http.close();
                gcMetrics.close();
                closeAll(blocks, resources, executor);
                throw e instanceof IOException io ? ListenErrors.http(io, config)
                        : new ConfigException("cannot serve the HTTP endpoints: " + e.getMessage(), e);
            }
            try {
                server = DnsServer.start(config.transport(), blocks, metrics);
            } catch (IOException e) {
                http.close();
                gcMetrics.close();
                closeAll(blocks, resources, executor);
                throw ListenErrors.dns(e, config);
            } catch (RuntimeException e) {
                http.close();
                gcMetrics.close();
                closeAll(blocks, resources, executor);
                throw e;
            }
            AwsdnsServer started = new AwsdnsServer(source, startOverrides, Optional.ofNullable(configFile), services,
                    generation, server, http, gcMetrics);
            readiness.set(started::notReady);
            started.startWatcher(config);
            log.info("awsdns listening on {}",
                    server.boundAddresses().stream().map(ConfigValues::format).toList());
            return started;
        }

        /** Micrometer's JVM and process binders; the GC one holds listeners and must be closed. */
        private static JvmGcMetrics bindJvmMetrics(MeterRegistry registry) {
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            JvmGcMetrics gcMetrics = new JvmGcMetrics();
            gcMetrics.bindTo(registry);
            return gcMetrics;
        }

        private static void closeAll(List<ServerBlock> blocks, SharedResources resources, ScheduledExecutorService executor) {
            blocks.forEach(block -> block.pipeline().close());
            resources.close();
            executor.shutdownNow();
        }
    }
}
