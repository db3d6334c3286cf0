package org.awsdns.testing;

import static java.util.Objects.requireNonNull;

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
import org.awsdns.core.PluginContext;
import org.awsdns.core.ResourceContext;
import org.xbill.DNS.Name;

/**
 * The host services a plugin (or a shared resource) gets from the server, for tests: a
 * {@link TestClock} (or the system clock), {@link RecordingMetrics}, resources registered by name, a base directory,
 * and either a real executor (the default: a small daemon pool, shut down by {@link #close()})
 * or a {@link ManualExecutor} that runs tasks only when the test says so.
 *
 * <pre>{@code
 * try (TestPluginContext context = TestPluginContext.builder("split-horizon")
 *         .resource("offices", offices)
 *         .manualExecutor()
 *         .build()) {
 *     Plugin plugin = new SplitHorizonFactory().create(config, context);
 *     ...
 *     assertThat(context.metrics().count("split_horizon_answers", "view", "office")).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>{@link #close()} closes the resources that are {@link AutoCloseable}, then the executor.
 */
public final class TestPluginContext implements PluginContext, ResourceContext, AutoCloseable {
    private final String pluginName;
    private final List<Name> zones;
    private final Clock clock;
    private final RecordingMetrics metrics;
    private final Map<String, Object> resources;
    private final Path baseDirectory;
    private final ScheduledExecutorService executor;

    private TestPluginContext(Builder builder) {
        this.pluginName = builder.pluginName;
        this.zones = List.copyOf(builder.zones.isEmpty() ? List.of(Name.root) : builder.zones);
        this.clock = builder.clock;
        this.metrics = builder.metrics;
        this.resources = new LinkedHashMap<>(builder.resources);
        this.baseDirectory = builder.baseDirectory;
        this.executor = builder.manualExecutor ? new ManualExecutor(testClock()) : realExecutor(builder.threads);
    }

    /** A context with every default: zone {@code .}, a real executor, the clock at {@link TestClock#DEFAULT_START}. */
    public static TestPluginContext create(String pluginName) {
        return builder(pluginName).build();
    }

    public static Builder builder(String pluginName) {
        return new Builder(pluginName);
    }

    private static ScheduledExecutorService realExecutor(int threads) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, runnable -> {
            Thread thread = new Thread(runnable, "test-plugin-executor");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.prestartAllCoreThreads(); // thread counts in tests do not move when work first arrives
        return executor;
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

    /** The manual executor; fails when the context was built with a real one. */
    public ManualExecutor manualExecutor() {
        if (executor instanceof ManualExecutor manual) {
            return manual;
        }
        throw new IllegalStateException("this context runs a real executor: build it with manualExecutor()");
    }

    /** Tasks scheduled on a real executor and not yet run or cancelled (periodic ones count). */
    public int scheduledTasks() {
        if (executor instanceof ManualExecutor manual) {
            return manual.pending();
        }
        ScheduledThreadPoolExecutor pool = (ScheduledThreadPoolExecutor) executor;
        pool.purge();
        return pool.getQueue().size();
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** The clock, to move it; fails when the context was built with {@code systemClock()}. */
    public TestClock testClock() {
        if (clock instanceof TestClock testClock) {
            return testClock;
        }
        throw new IllegalStateException("this context reads the system clock: build it without systemClock()");
    }

    @Override
    public <T> Optional<T> resource(String name, Class<T> type) {
        synchronized (resources) {
            return Optional.ofNullable(resources.get(name)).filter(type::isInstance).map(type::cast);
        }
    }

    @Override
    public List<String> resourceNames(Class<?> type) {
        List<String> names = new ArrayList<>();
        synchronized (resources) {
            resources.forEach((name, resource) -> {
                if (type.isInstance(resource)) {
                    names.add(name);
                }
            });
        }
        return names;
    }

    /** Adds a resource after the build, e.g. one made by a {@code ResourceFactory} with this context. */
    public TestPluginContext addResource(String name, Object resource) {
        synchronized (resources) {
            if (resources.putIfAbsent(requireNonNull(name, "name is null"), requireNonNull(resource, "resource is null")) != null) {
                throw new IllegalArgumentException("resource " + name + " already exists");
            }
        }
        return this;
    }

    @Override
    public Path baseDirectory() {
        return baseDirectory;
    }

    @Override
    public RecordingMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        List<Object> toClose;
        synchronized (resources) {
            toClose = new ArrayList<>(resources.values());
        }
        RuntimeException failure = null;
        for (Object resource : toClose) {
            if (resource instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    failure = failure == null ? new IllegalStateException("a resource failed to close", e) : failure;
                }
            }
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "TestPluginContext[" + pluginName + ", zones " + zones + ", resources " + resources.keySet() + "]";
    }

    /** What the context holds; every setting has a default. */
    public static final class Builder {
        private final String pluginName;
        private final List<Name> zones = new ArrayList<>();
        private final Map<String, Object> resources = new LinkedHashMap<>();
        private Clock clock = TestClock.create();
        private RecordingMetrics metrics = new RecordingMetrics();
        private Path baseDirectory = Path.of("").toAbsolutePath();
        private boolean manualExecutor;
        private int threads = 2;

        private Builder(String pluginName) {
            this.pluginName = requireNonNull(pluginName, "pluginName is null");
        }

        /** The server block's zones, most specific first (default: the root). */
        public Builder zones(String... zones) {
            for (String zone : zones) {
                this.zones.add(Queries.name(zone));
            }
            return this;
        }

        public Builder clock(TestClock clock) {
            this.clock = requireNonNull(clock, "clock is null");
            return this;
        }

        /** The system's UTC clock, for tests that let real time pass with a real executor. */
        public Builder systemClock() {
            this.clock = Clock.systemUTC();
            return this;
        }

        /** Shares one recording with other contexts, as the server shares its registry. */
        public Builder metrics(RecordingMetrics metrics) {
            this.metrics = requireNonNull(metrics, "metrics is null");
            return this;
        }

        public Builder resource(String name, Object resource) {
            if (resources.putIfAbsent(requireNonNull(name, "name is null"), requireNonNull(resource, "resource is null")) != null) {
                throw new IllegalArgumentException("resource " + name + " given twice");
            }
            return this;
        }

        /** Where relative paths in a config are resolved from (default: the working directory). */
        public Builder baseDirectory(Path baseDirectory) {
            this.baseDirectory = requireNonNull(baseDirectory, "baseDirectory is null");
            return this;
        }

        /** A {@link ManualExecutor} on this context's clock instead of a real pool. */
        public Builder manualExecutor() {
            this.manualExecutor = true;
            return this;
        }

        /** The real pool's size (default 2). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        public TestPluginContext build() {
            if (manualExecutor && !(clock instanceof TestClock)) {
                throw new IllegalStateException("a manual executor runs on a TestClock, not the system clock");
            }
            return new TestPluginContext(this);
        }
    }
}
