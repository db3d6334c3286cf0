package org.awsdns.plugins.ec2;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.awsdns.core.Metrics;
import org.awsdns.core.PluginContext;
import org.awsdns.core.ResourceContext;
import org.xbill.DNS.Name;

/** A hand-written host for plugins and resources: a real executor, named resources, recorded metrics. */
public final class TestContext implements PluginContext, ResourceContext, AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;
    private final Map<String, Object> resources = new LinkedHashMap<>();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final Path baseDirectory;

    public TestContext(Path baseDirectory) {
        this.baseDirectory = baseDirectory;
        this.executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "test-executor");
            thread.setDaemon(true);
            return thread;
        });
        this.executor.setRemoveOnCancelPolicy(true);
    }

    public TestContext() {
        this(Path.of("").toAbsolutePath());
    }

    public TestContext withResource(String name, Object resource) {
        resources.put(name, resource);
        return this;
    }

    @Override
    public String pluginName() {
        return "test";
    }

    @Override
    public List<Name> zones() {
        return List.of(Name.root);
    }

    @Override
    public ScheduledExecutorService executor() {
        return executor;
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public <T> Optional<T> resource(String name, Class<T> type) {
        Object resource = resources.get(name);
        return type.isInstance(resource) ? Optional.of(type.cast(resource)) : Optional.empty();
    }

    @Override
    public List<String> resourceNames(Class<?> type) {
        List<String> names = new ArrayList<>();
        resources.forEach((name, resource) -> {
            if (type.isInstance(resource)) {
                names.add(name);
            }
        });
        return names;
    }

    @Override
    public Path baseDirectory() {
        return baseDirectory;
    }

    @Override
    public Metrics metrics() {
        return metrics;
    }

    public RecordingMetrics recorded() {
        return metrics;
    }

    @Override
    public void close() throws InterruptedException {
        for (Object resource : resources.values()) {
            if (resource instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
