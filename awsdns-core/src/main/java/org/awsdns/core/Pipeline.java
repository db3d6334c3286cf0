package org.awsdns.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * An ordered chain of plugins, built once and run for many queries. The links are made when the
 * pipeline is built, so running a query allocates nothing for the chain itself, and a chain whose
 * plugins all answer synchronously completes on the caller's thread.
 *
 * <p>The stage returned by {@link #execute} completes with the query's response, or exceptionally
 * with a {@link PluginFailure} naming the plugin that failed.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    private final List<NamedPlugin> plugins;
    private final Chain head;
    private final boolean offersRecursion;

    private Pipeline(List<NamedPlugin> plugins) {
        this.plugins = List.copyOf(plugins);
        Chain next = Pipeline::finish;
        for (int i = this.plugins.size() - 1; i >= 0; i--) {
            next = new Link(this.plugins.get(i), next);
        }
        this.head = next;
        this.offersRecursion = this.plugins.stream().anyMatch(plugin -> plugin.plugin().offersRecursion());
    }

    /** A pipeline running {@code plugins} in order. */
    public static Pipeline of(List<NamedPlugin> plugins) {
        return new Pipeline(plugins);
    }

    /** Runs {@code query} through the chain. Never throws. */
    public CompletionStage<Response> execute(Query query) {
        return head.proceed(query);
    }

    /** The plugin names, in chain order. */
    public List<String> names() {
        List<String> names = new ArrayList<>(plugins.size());
        for (NamedPlugin plugin : plugins) {
            names.add(plugin.name());
        }
        return names;
    }

    /** Whether a plugin of this chain offers recursion ({@link Plugin#offersRecursion()}): the block's replies set RA. */
    public boolean offersRecursion() {
        return offersRecursion;
    }

    public List<NamedPlugin> plugins() {
        return plugins;
    }

    /** Closes every plugin, last first; a plugin that fails to close is logged and skipped. */
    @Override
    public void close() {
        for (int i = plugins.size() - 1; i >= 0; i--) {
            NamedPlugin plugin = plugins.get(i);
            try {
                plugin.plugin().close();
            } catch (Exception e) {
                log.warn("plugin {} failed to close", plugin.name(), e);
            }
        }
    }

    /**
     * The end of the chain: an unanswered query becomes NXDOMAIN, or NODATA for a known name, or
     * SERVFAIL when a plugin could not reach its upstream ({@link Response#markUpstreamFailed()}).
     */
    private static CompletionStage<Response> finish(Query query) {
        Response response = query.response();
        response.enter(null);
        if (!response.hasRcode()) {
            boolean exists = response.nameExists() || response.count(Section.ANSWER) > 0;
            response.rcode(exists ? Rcode.NOERROR : response.upstreamFailed() ? Rcode.SERVFAIL : Rcode.NXDOMAIN);
        }
        return response.complete();
    }

    /** One position of the chain: runs its plugin with the rest of the chain as {@code next}. */
    private static final class Link implements Chain {
        private final String name;
        private final Plugin plugin;
        private final Chain next;

        Link(NamedPlugin plugin, Chain next) {
            this.name = plugin.name();
            this.plugin = plugin.plugin();
            this.next = next;
        }

        @Override
        public CompletionStage<Response> proceed(Query query) {
            if (log.isDebugEnabled()) {
                log.debug("{} -> {}", query, name);
            }
            query.response().enter(name);
            CompletionStage<Response> stage;
            try {
                stage = plugin.handle(query, next);
            } catch (RuntimeException | Error e) {
                return CompletableFuture.failedFuture(new PluginFailure(name, e));
            }
            if (stage == null) {
                return CompletableFuture.failedFuture(
                        new PluginFailure(name, new NullPointerException("handle returned null")));
            }
            CompletableFuture<Response> future = stage.toCompletableFuture();
            if (future.isDone() && !future.isCompletedExceptionally()) {
                return future;
            }
            return future.exceptionallyCompose(this::attribute);
        }

        /** Names this plugin as the culprit unless a later link already did. */
        private CompletionStage<Response> attribute(Throwable failure) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure;
            if (cause instanceof PluginFailure) {
                return CompletableFuture.failedFuture(cause);
            }
            return CompletableFuture.failedFuture(new PluginFailure(name, cause));
        }
    }
}
