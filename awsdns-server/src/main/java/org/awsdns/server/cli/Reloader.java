package org.awsdns.server.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.awsdns.core.Metrics;
import org.awsdns.server.config.ConfigException;
import org.awsdns.server.config.ConfigOverrides;
import org.awsdns.server.config.ConfigSource;
import org.awsdns.server.config.EndpointConfig;
import org.awsdns.server.config.LoadedConfig;
import org.awsdns.server.http.HttpEndpoints;
import org.awsdns.server.metrics.MicrometerMetrics;
import org.awsdns.server.transport.DnsServer;
import org.awsdns.server.transport.Generation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a running server (SIGHUP, {@code /reload}, or a change of the watched file): reads the
 * configuration again with the overrides of the start, builds a new generation beside the one
 * serving, and makes it current if everything succeeded; otherwise the old one keeps serving and
 * the failure is logged and counted ({@code awsdns_reloads{outcome="failure"}}).
 */
final class Reloader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reloader.class);

    private final Supplier<ConfigSource> source;
    private final ConfigOverrides overrides;
    private final Optional<Path> configFile;
    private final GenerationFactory factory;
    private final DnsServer server;
    private final HttpEndpoints http;
    private final Metrics.Counter successes;
    private final Metrics.Counter failures;
    private volatile boolean lastSuccessful = true;
    private ConfigWatcher watcher;
    private boolean closed;

    Reloader(Supplier<ConfigSource> source, ConfigOverrides overrides, Optional<Path> configFile,
            GenerationFactory factory, DnsServer server, HttpEndpoints http, MicrometerMetrics metrics) {
        this.source = requireNonNull(source, "source is null");
        this.overrides = requireNonNull(overrides, "overrides is null");
        this.configFile = requireNonNull(configFile, "configFile is null");
        this.factory = requireNonNull(factory, "factory is null");
        this.server = requireNonNull(server, "server is null");
        this.http = requireNonNull(http, "http is null");
        this.successes = metrics.counter("reloads", "Configuration reloads, by outcome", "outcome", "success");
        this.failures = metrics.counter("reloads", "Configuration reloads, by outcome", "outcome", "failure");
        metrics.gauge("config_last_reload_successful", "1 when the last reload succeeded (or none was tried), else 0",
                () -> lastSuccessful ? 1 : 0);
    }

    /** What the server serves now. */
    ServedConfig served() {
        return served(server.current());
    }

    private static ServedConfig served(Generation generation) {
        return (ServedConfig) generation.owned();
    }

    /** Reloads; never throws. */
    synchronized AwsdnsServer.ReloadResult reload() {
        if (closed) {
            return AwsdnsServer.ReloadResult.failure("the server is closed");
        }
        try {
            AwsdnsServer.ReloadResult result = tryReload();
            if (watcher != null) {
                watcher.markSeen();
            }
            return result;
        } catch (RuntimeException | Error e) {
            return failed("reload failed unexpectedly: " + e, e);
        }
    }

    private AwsdnsServer.ReloadResult tryReload() {
        Generation oldGeneration = server.current();
        ServedConfig old = served(oldGeneration);
        LoadedConfig config;
        GenerationFactory.Built built;
        try {
            config = factory.load(source.get(), overrides);
            built = factory.build(config, old);
        } catch (ConfigException e) {
            return failed(e.getMessage(), null);
        } catch (RuntimeException e) {
            return failed(e.getMessage(), e);
        }
        HttpEndpoints.Plan plan;
        try {
            plan = http.prepare(config.metrics().map(EndpointConfig::listen), config.health().map(EndpointConfig::listen));
        } catch (IOException | RuntimeException e) {
            built.discard(old);
            return failed(e instanceof IOException io ? ListenErrors.http(io, config).getMessage()
                    : "cannot serve the HTTP endpoints: " + e.getMessage(), null);
        }
        DnsServer.Applied applied;
        try {
            applied = server.apply(config.transport(), built.blocks(), built.served());
        } catch (IOException | RuntimeException e) {
            plan.abort();
            built.discard(old);
            return failed(e instanceof IOException io ? ListenErrors.dns(io, config).getMessage()
                    : "cannot listen: " + e.getMessage(), null);
        }
        // the new generation serves; the old one closes when its last query is done
        plan.commit();
        watch(config);
        String changes = ReloadReport.describe(old, oldGeneration.blocks(), built.served(), built.blocks(), applied);
        successes.increment();
        lastSuccessful = true;
        log.info("configuration reloaded from {}: {}", config.sourceName(), changes);
        return AwsdnsServer.ReloadResult.success(changes);
    }

    private AwsdnsServer.ReloadResult failed(String message, Throwable unexpected) {
        failures.increment();
        lastSuccessful = false;
        if (unexpected != null) {
            log.error("reload failed, the previous configuration keeps serving: {}", message, unexpected);
        } else {
            log.error("reload failed, the previous configuration keeps serving: {}", message);
        }
        return AwsdnsServer.ReloadResult.failure(message);
    }

    /** Watches the configuration file as {@code config} says ({@code reload: {watch: ...}}), if it came from a file. */
    synchronized void watch(LoadedConfig config) {
        if (closed || configFile.isEmpty()) {
            return;
        }
        if (watcher == null) {
            if (config.reload().watch() == null) {
                return;
            }
            watcher = new ConfigWatcher(configFile.get(), this::reload);
        }
        watcher.watch(config.reload().watch());
    }

    /** Stops watching; reloads fail from now on. */
    @Override
    public void close() {
        ConfigWatcher stopping;
        synchronized (this) {
            closed = true;
            stopping = watcher;
        }
        if (stopping != null) {
            stopping.close(); // outside the lock: a reload the watcher started may be waiting for it
        }
    }
}
