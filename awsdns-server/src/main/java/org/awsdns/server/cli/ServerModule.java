package org.awsdns.server.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.awsdns.server.config.ConfigLoader;
import org.awsdns.server.metrics.MicrometerMetrics;
import org.awsdns.server.plugin.ChainBuilder;
import org.awsdns.server.plugin.ResourceBuilder;

/**
 * The server's services: the plugins' shared executor, the clock, the meter registry, shared
 * resources, the config loader and the chain builder. Needs {@link org.awsdns.server.plugin.PluginModule}.
 */
public final class ServerModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ConfigLoader.class).in(Singleton.class);
        bind(ChainBuilder.class).in(Singleton.class);
        bind(ResourceBuilder.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    ScheduledExecutorService pluginExecutor() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = Executors.defaultThreadFactory().newThread(runnable);
            thread.setName("awsdns-plugins-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ScheduledThreadPoolExecutor executor =
                new ScheduledThreadPoolExecutor(Math.max(2, Runtime.getRuntime().availableProcessors()), threads);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    @Provides
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Always the Prometheus registry, so {@code metrics:} can be turned on by a reload. */
    @Provides
    @Singleton
    PrometheusMeterRegistry prometheusRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Provides
    @Singleton
    MeterRegistry meterRegistry(PrometheusMeterRegistry registry) {
        return registry;
    }

    @Provides
    @Singleton
    MicrometerMetrics metrics(MeterRegistry registry) {
        return new MicrometerMetrics(registry);
    }
}
