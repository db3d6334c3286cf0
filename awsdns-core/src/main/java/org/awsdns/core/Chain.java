package org.awsdns.core;

import java.util.concurrent.CompletionStage;

/**
 * The rest of a chain, as seen by one plugin. Calling {@link #proceed} hands the query to the
 * next plugin; after the last plugin the chain finishes the response: a response with no answer
 * and no rcode becomes NXDOMAIN, or NOERROR with an empty answer (NODATA) where a plugin called
 * {@link Response#markNameExists()}, or SERVFAIL where a plugin passed the query on after its
 * upstream failed ({@link Response#markUpstreamFailed()}).
 *
 * <p>A chain object is shared by all queries and threads; it holds no per-query state.
 */
@FunctionalInterface
public interface Chain {

    /** Passes {@code query} to the rest of the chain. Never blocks. */
    CompletionStage<Response> proceed(Query query);
}
