package org.awsdns.core;

import java.util.concurrent.CompletionStage;

/**
 * One link of a server block's chain. A plugin instance is created once per chain position by its
 * {@link PluginFactory} and then serves many queries, concurrently, from several threads.
 *
 * <p>For each query a plugin does one of four things:
 * <ul>
 *   <li><b>answer</b>: fill {@link Query#response()} and return {@link Response#complete()}
 *       without calling {@code next};
 *   <li><b>enrich</b>: add records to the response (or attributes to the query) and return
 *       {@code next.proceed(query)};
 *   <li><b>pass</b>: return {@code next.proceed(query)} unchanged;
 *   <li><b>wrap</b>: call {@code next.proceed(query)} and act on the stage it returns (time it,
 *       store what comes back, replace a failure).
 * </ul>
 *
 * <p>Contract: {@code handle} must never block the calling thread (it may be a socket's I/O
 * thread). Work that waits on the network returns an incomplete stage and completes it later.
 * When the answer is known at once, return an already completed stage: the server then writes
 * the reply on the same thread with no hand-off. Throwing, or completing the stage exceptionally,
 * turns into SERVFAIL for that query alone and is logged with the plugin's name.
 */
public interface Plugin extends AutoCloseable {

    /**
     * Serves one query.
     *
     * @param query the query, with the response being built in {@link Query#response()}
     * @param next the rest of the chain after this plugin
     * @return a stage completed with {@code query.response()} (or the response returned by
     *     {@code next})
     */
    CompletionStage<Response> handle(Query query, Chain next);

    /**
     * Whether this plugin resolves names recursively for its clients (a forwarder does). A block
     * whose chain holds such a plugin sets RA in every reply it sends, whichever plugin answered
     * (RFC 1035 4.1.1: RA says what the server offers, not who answered).
     */
    default boolean offersRecursion() {
        return false;
    }

    /**
     * Releases what the plugin holds (sockets, timers, files). Called once, after the last query
     * that used this plugin finished or the drain deadline passed. Must not throw for a plugin
     * already closed.
     */
    @Override
    default void close() {}
}
