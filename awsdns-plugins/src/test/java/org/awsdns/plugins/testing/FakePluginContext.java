package org.awsdns.plugins.testing;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.awsdns.core.PluginContext;
import org.xbill.DNS.Name;

/** A {@link PluginContext} for unit tests: its own executor, a base directory, recording metrics. */
public final class FakePluginContext implements PluginContext, AutoCloseable {
    private final String pluginName;
    private final Path baseDirectory;
    private final ScheduledThreadPoolExecutor executor = newExecutor();
    private final RecordingMetrics metrics = new RecordingMetrics();

    public FakePluginContext(String pluginName, Path baseDirectory) {
        this.pluginName = requireNonNull(pluginName, "pluginName is null");
        this.baseDirectory = requireNonNull(baseDirectory, "baseDirectory is null");
    }

    private static ScheduledThreadPoolExecutor newExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "fake-plugin-context");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    @Override
    public String pluginName() {
        return pluginName;
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
        return Optional.empty();
    }

    @Override
    public List<String> resourceNames(Class<?> type) {
        return List.of();
    }

    @Override
    public Path baseDirectory() {
        return baseDirectory;
    }

    @Override
    public RecordingMetrics metrics() {
        return metrics;
    }

    /** The number of tasks scheduled on the executor and not yet finished or cancelled. */
    public int scheduledTasks() {
        executor.purge();
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
