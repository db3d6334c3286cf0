package org.awsdns.testing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awsdns.core.NamedPlugin;
import org.awsdns.core.Pipeline;
import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;
import org.awsdns.core.PluginFailure;
import org.awsdns.core.Query;
import org.awsdns.core.Response;

/**
 * Runs queries through a list of plugins as the server does: core's {@link Pipeline} links them
 * in order, and the end of the chain turns an unanswered query into NXDOMAIN or NODATA.
 *
 * <pre>{@code
 * try (ChainRunner chain = ChainRunner.builder()
 *         .add(new RewriteFactory(), config, context)
 *         .add("hosts", hostsPlugin)
 *         .build()) {
 *     assertThat(chain.run(Queries.query("web.corp.", Type.A))).hasAnswer("web.corp. 60 IN A 10.0.0.1");
 * }
 * }</pre>
 *
 * <p>{@link #close()} closes the plugins, last first, as the server does after a reload's drain.
 */
public final class ChainRunner implements AutoCloseable {
    /** How long {@link #run} waits for a plugin that completes its stage later. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Pipeline pipeline;
    private final Duration timeout;

    private ChainRunner(Pipeline pipeline, Duration timeout) {
        this.pipeline = pipeline;
        this.timeout = timeout;
    }

    public static ChainRunner of(NamedPlugin... plugins) {
        return new ChainRunner(Pipeline.of(List.of(plugins)), DEFAULT_TIMEOUT);
    }

    /** A chain of {@code plugins} in order, each named after its class ({@code CachePlugin}). */
    public static ChainRunner of(Plugin... plugins) {
        List<NamedPlugin> named = new ArrayList<>(plugins.length);
        for (Plugin plugin : plugins) {
            named.add(new NamedPlugin(plugin.getClass().getSimpleName(), plugin));
        }
        return new ChainRunner(Pipeline.of(named), DEFAULT_TIMEOUT);
    }

    /** A chain of one plugin, named {@code name}. */
    public static ChainRunner of(String name, Plugin plugin) {
        return of(new NamedPlugin(name, plugin));
    }

    /** Runs {@code query} once through a chain of {@code plugins}, for a test that needs one answer. */
    public static Response runOnce(Query query, NamedPlugin... plugins) {
        return of(plugins).run(query);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The stage of {@code query}, as the server gets it: for tests of plugins that answer later. */
    public CompletableFuture<Response> execute(Query query) {
        return pipeline.execute(query).toCompletableFuture();
    }

    /**
     * Runs {@code query} and waits for its response. A plugin failure (which the server turns into
     * SERVFAIL) fails the test with the {@link PluginFailure} as cause; use {@link #failure} to
     * expect one.
     */
    public Response run(Query query) {
        try {
            return execute(query).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the chain failed for " + query + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the chain did not complete " + query + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + query, e);
        }
    }

    /** Runs an IN query for {@code name} and {@code type} (a {@link org.xbill.DNS.Type} constant). */
    public Response run(String name, int type) {
        return run(Queries.query(name, type));
    }

    /** Runs {@code query}, expecting the chain to fail: the failure, naming the plugin. */
    public PluginFailure failure(Query query) {
        try {
            Response response = execute(query).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected the chain to fail for " + query + ", it answered " + response);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause()
                    : e.getCause();
            if (cause instanceof PluginFailure failure) {
                return failure;
            }
            throw new AssertionError("the chain failed without naming a plugin: " + cause, cause);
        } catch (TimeoutException e) {
            throw new AssertionError("the chain did not complete " + query + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + query, e);
        }
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    @Override
    public void close() {
        pipeline.close();
    }

    /** The plugins of a chain, in order. */
    public static final class Builder {
        private final List<NamedPlugin> plugins = new ArrayList<>();
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder() {}

        public Builder add(String name, Plugin plugin) {
            plugins.add(new NamedPlugin(name, plugin));
            return this;
        }

        /** Creates a plugin with {@code factory} as the server would, named after the factory. */
        public <C> Builder add(PluginFactory<C> factory, C config, PluginContext context) {
            requireNonNull(factory, "factory is null");
            try {
                return add(factory.name(), factory.create(config, context));
            } catch (Exception e) {
                throw new IllegalStateException(factory.name() + " could not be created: " + e.getMessage(), e);
            }
        }

        public Builder timeout(Duration timeout) {
            this.timeout = requireNonNull(timeout, "timeout is null");
            return this;
        }

        public ChainRunner build() {
            return new ChainRunner(Pipeline.of(plugins), timeout);
        }
    }
}
