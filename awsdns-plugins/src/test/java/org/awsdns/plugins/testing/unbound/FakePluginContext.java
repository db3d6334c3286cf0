package org.awsdns.plugins.testing.unbound;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.awsdns.core.Metrics;
import org.awsdns.core.PluginContext;
import org.xbill.DNS.Name;

/** A hand-written {@link PluginContext}: a real executor, a clock the test controls, metrics it can read. */
public final class FakePluginContext implements PluginContext, AutoCloseable {
    private final String pluginName;
    private final List<Name> zones;
    private final ScheduledThreadPoolExecutor executor;
    private final Clock clock;
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final Map<String, Object> resources = new HashMap<>();

    public FakePluginContext(String pluginName, Clock clock, Name... zones) {
        this.pluginName = pluginName;
        this.clock = clock;
        this.zones = zones.length == 0 ? List.of(Name.root) : List.of(zones);
        this.executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "test-plugin-executor");
            thread.setDaemon(true);
            return thread;
        });
        this.executor.setRemoveOnCancelPolicy(true);
        this.executor.prestartAllCoreThreads(); // so thread counts in tests do not move when work first arrives
    }

    public static FakePluginContext withSystemClock(String pluginName) {
        return new FakePluginContext(pluginName, Clock.systemUTC());
    }

    public static FakePluginContext withClock(String pluginName, MutableClock clock) {
        return new FakePluginContext(pluginName, clock);
    }

    public static MutableClock clockAt(String instant) {
        return new MutableClock(Instant.parse(instant));
    }

    public FakePluginContext withResource(String name, Object resource) {
        resources.put(name, resource);
        return this;
    }

    public RecordingMetrics recorded() {
        return metrics;
    }

    @Override
    public String pluginName() {
        return pluginName;
    }

    @Override
    public List<Name> zones() {
        return zones;
    }

    @Override
    public ScheduledExecutorService executor() {
        return executor;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public <T> Optional<T> resource(String name, Class<T> type) {
        return Optional.ofNullable(resources.get(name)).filter(type::isInstance).map(type::cast);
    }

    @Override
    public List<String> resourceNames(Class<?> type) {
        return resources.entrySet().stream().filter(e -> type.isInstance(e.getValue())).map(Map.Entry::getKey).sorted().toList();
    }

    @Override
    public Path baseDirectory() {
        return Path.of(".");
    }

    @Override
    public Metrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
