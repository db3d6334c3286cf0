package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.awsdns.core.PluginFailure;
import org.awsdns.core.Query;
import org.awsdns.core.QueryMessage;
import org.awsdns.core.Response;
import org.awsdns.core.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Header;
import org.xbill.DNS.Rcode;

/**
 * The query path, whatever the transport: decode, pick the server block, run its chain, encode,
 * and return the {@link Outcome} for the listener to write. A chain that completes at once gives
 * its outcome at once; otherwise a {@link Outcome.Pending} completes from the chain's completion,
 * or as SERVFAIL when the query timeout fires. Never throws: one bad packet must not end a
 * listener, and nothing here writes to a socket.
 *
 * <p>Each packet is served by one {@link Generation}, the one current when it arrived, from
 * decoding to its outcome; it holds a reference on it until then, so a reload closes the old
 * chains when their last query is done.
 */
final class QueryProcessor {
    private static final Logger log = LoggerFactory.getLogger(QueryProcessor.class);
    static final int TCP_MAX_RESPONSE_SIZE = 65535;

    private final TransportMetrics metrics;
    private final FailureLog failureLog;
    private final ScheduledExecutorService timer;
    private final LongAdder inFlight = new LongAdder();
    private volatile Generation current;
    private volatile boolean accepting = true;

    QueryProcessor(Generation current, TransportMetrics metrics, FailureLog failureLog, ScheduledExecutorService timer) {
        this.current = requireNonNull(current, "current is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.failureLog = requireNonNull(failureLog, "failureLog is null");
        this.timer = requireNonNull(timer, "timer is null");
    }

    /** Serves {@code packet}, received from {@code client} on {@code endpoint}. */
    Outcome process(byte[] packet, InetSocketAddress client, ListenEndpoint endpoint, Transport transport) {
        long receivedNanos = System.nanoTime();
        Generation generation = accepting ? enter() : null;
        if (generation == null) {
            return Outcome.NO_REPLY; // shutting down: queries in flight finish, new ones are dropped
        }
        inFlight.increment();
        Outcome outcome = Outcome.NO_REPLY;
        try {
            Decoded decoded = generation.decoder().decode(packet);
            if (decoded instanceof Decoded.Accepted accepted) {
                outcome = run(generation, accepted, packet.length, client, endpoint, transport, receivedNanos);
            } else {
                QueryMetrics unrouted = metrics.unrouted();
                unrouted.request(QueryMetrics.OTHER_TYPE, transport, isIpv6(client), packet.length);
                if (decoded instanceof Decoded.Rejected rejected) {
                    if (rejected.malformed() != null) {
                        metrics.malformed(rejected.malformed());
                    }
                    byte[] reply = rejected.request() == null
                            ? ResponseEncoder.headerOnlyError(packet, rejected.rcode())
                            : generation.encoder().encodeError(rejected.request(), rejected.rcode());
                    outcome = reply(reply, rejected.rcode(), unrouted, null, QueryMetrics.OTHER_TYPE, transport,
                            receivedNanos);
                } else if (decoded instanceof Decoded.Dropped dropped) {
                    metrics.malformed(dropped.reason());
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            failureLog.otherFailure(e, client);
            outcome = lastResort(packet);
        } finally {
            if (!(outcome instanceof Outcome.Pending)) {
                inFlight.decrement();
                generation.release();
            }
        }
        return transport == Transport.UDP ? capError(outcome, packet.length) : outcome;
    }

    /**
     * Over UDP an error reply (any rcode but NOERROR and NXDOMAIN) is never larger than the query
     * it answers: a longer one goes out as its bare header, so a spoofed query cannot amplify (a
     * question name compressed in the query grows when echoed).
     */
    private static Outcome capError(Outcome outcome, int queryLength) {
        if (outcome instanceof Outcome.Reply reply && reply.length() > queryLength && isError(reply.wire())) {
            byte[] header = Arrays.copyOf(reply.wire(), Header.LENGTH);
            Arrays.fill(header, 4, Header.LENGTH, (byte) 0);
            return new Outcome.Reply(header);
        }
        if (outcome instanceof Outcome.Pending pending) {
            return new Outcome.Pending(pending.completion().thenApply(late -> capError(late, queryLength)));
        }
        return outcome;
    }

    private static boolean isError(byte[] reply) {
        int rcode = reply[3] & 0x0F;
        return rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN;
    }

    /** A bug got past the query path: SERVFAIL as a bare header (never larger than the query), or nothing. */
    private static Outcome lastResort(byte[] packet) {
        return packet.length >= Header.LENGTH
                ? new Outcome.Reply(ResponseEncoder.headerOnlyError(packet, Rcode.SERVFAIL))
                : Outcome.NO_REPLY;
    }

    /** A reference on the current generation; null when it closed with no successor (shutdown). */
    private Generation enter() {
        while (true) {
            Generation generation = current;
            if (generation.tryRetain()) {
                return generation;
            }
            if (generation == current) {
                return null;
            }
        }
    }

    /** Runs the chain; a {@link Outcome.Pending} when the outcome is left to a completion callback. */
    private Outcome run(
            Generation generation,
            Decoded.Accepted accepted,
            int size,
            InetSocketAddress client,
            ListenEndpoint endpoint,
            Transport transport,
            long receivedNanos) {
        QueryMessage request = accepted.request();
        BlockSelector.Route route = generation.routes()
                .route(endpoint.index(), client.getAddress(), request.question().getName());
        int typeIndex = QueryMetrics.typeIndex(request.question().getType());
        if (route == null) {
            QueryMetrics unrouted = metrics.unrouted();
            unrouted.request(typeIndex, transport, isIpv6(client), size);
            return reply(generation.encoder().encodeError(request, Rcode.REFUSED), Rcode.REFUSED, unrouted, null,
                    typeIndex, transport, receivedNanos);
        }
        ServerBlock block = route.block();
        QueryMetrics zoneMetrics = route.metrics();
        zoneMetrics.request(typeIndex, transport, isIpv6(client), size);
        Query query = Query.received(request, client, endpoint.local(), transport,
                transport == Transport.UDP ? accepted.udpSize() : TCP_MAX_RESPONSE_SIZE, block.name(), receivedNanos);
        if (log.isDebugEnabled()) {
            log.debug("{} -> block {}", query, block.name());
        }
        CompletableFuture<Response> future;
        try {
            future = block.pipeline().execute(query).toCompletableFuture();
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        if (future.isDone()) {
            return complete(generation, block, zoneMetrics, typeIndex, query, future);
        }
        PendingReply pending = new PendingReply(generation, block, zoneMetrics, typeIndex, query);
        // the timeout is scheduled only here, off the synchronous path
        pending.timeout = timer.schedule(pending, generation.queryTimeoutNanos(), TimeUnit.NANOSECONDS);
        future.whenComplete(pending);
        return new Outcome.Pending(pending.completion);
    }

    private Outcome complete(Generation generation, ServerBlock block, QueryMetrics zoneMetrics, int typeIndex,
            Query query, CompletableFuture<Response> future) {
        Response response = null;
        Throwable failure = null;
        try {
            response = future.join();
        } catch (CompletionException | CancellationException e) {
            failure = e.getCause() != null ? e.getCause() : e;
        }
        // the listener copies a reply given at once before it reads on: the reply may be lent
        return finish(generation, block, zoneMetrics, typeIndex, query, response, failure, true);
    }

    /** The outcome of a finished chain; {@code lend}: a kept answer may be written into the thread's lent buffer. */
    private Outcome finish(Generation generation, ServerBlock block, QueryMetrics zoneMetrics, int typeIndex,
            Query query, Response response, Throwable failure, boolean lend) {
        if (failure == null && response != null && response.isNoReply()) {
            metrics.noReply();
            return Outcome.NO_REPLY;
        }
        if (failure == null && response != null) {
            try {
                ResponseEncoder encoder = generation.encoder();
                Outcome.Reply reply = lend
                        ? encoder.encodeLent(query.message(), response, query.maxResponseSize())
                        : new Outcome.Reply(encoder.encode(query.message(), response, query.maxResponseSize()));
                return reply(ReplyFlags.apply(block, reply), response.rcode(), zoneMetrics, response.answeredBy(),
                        typeIndex, query.transport(), query.receivedNanos());
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        String culprit = null;
        if (failure instanceof PluginFailure pluginFailure) {
            metrics.pluginFailure();
            failureLog.pluginFailed(pluginFailure, query);
            culprit = pluginFailure.pluginName();
        } else {
            failureLog.otherFailure(failure, query);
        }
        return serverFailure(generation, block, zoneMetrics, typeIndex, query, culprit);
    }

    private Outcome serverFailure(Generation generation, ServerBlock block, QueryMetrics zoneMetrics, int typeIndex,
            Query query, String culprit) {
        byte[] reply = ReplyFlags.apply(block, generation.encoder().encodeError(query.message(), Rcode.SERVFAIL));
        return reply(reply, Rcode.SERVFAIL, zoneMetrics, culprit, typeIndex, query.transport(), query.receivedNanos());
    }

    private static Outcome reply(byte[] reply, int rcode, QueryMetrics meters, String answeredBy, int typeIndex,
            Transport transport, long receivedNanos) {
        return reply(new Outcome.Reply(reply), rcode, meters, answeredBy, typeIndex, transport, receivedNanos);
    }

    private static Outcome reply(Outcome.Reply reply, int rcode, QueryMetrics meters, String answeredBy,
            int typeIndex, Transport transport, long receivedNanos) {
        meters.response(rcode, answeredBy, typeIndex, transport, reply.length(), System.nanoTime() - receivedNanos);
        return reply;
    }

    private static boolean isIpv6(InetSocketAddress client) {
        return client.getAddress() instanceof Inet6Address;
    }

    /** Stops serving new packets; queries already in a chain still get their outcome. */
    void stopAccepting() {
        accepting = false;
    }

    /** Queries received whose outcome is not known yet. */
    long inFlight() {
        return inFlight.sum();
    }

    Generation current() {
        return current;
    }

    /**
     * Makes {@code next} current and retires the generation it replaces, which closes once its
     * last query is done.
     *
     * @return the generation replaced
     */
    Generation swap(Generation next) {
        Generation previous = current;
        current = requireNonNull(next, "next is null");
        previous.retire(next);
        return previous;
    }

    /**
     * A query whose chain did not complete at once: whichever comes first, the chain's completion
     * or the timeout, completes the outcome.
     */
    private final class PendingReply extends AtomicBoolean implements BiConsumer<Response, Throwable>, Runnable {
        private final Generation generation;
        private final ServerBlock block;
        private final QueryMetrics zoneMetrics;
        private final int typeIndex;
        private final Query query;
        final CompletableFuture<Outcome> completion = new CompletableFuture<>();
        private ScheduledFuture<?> timeout;

        PendingReply(Generation generation, ServerBlock block, QueryMetrics zoneMetrics, int typeIndex, Query query) {
            this.generation = generation;
            this.block = block;
            this.zoneMetrics = zoneMetrics;
            this.typeIndex = typeIndex;
            this.query = query;
        }

        @Override
        public void accept(Response response, Throwable failure) {
            if (!compareAndSet(false, true)) {
                return;
            }
            timeout.cancel(false);
            Outcome outcome = Outcome.NO_REPLY;
            try {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                outcome = finish(generation, block, zoneMetrics, typeIndex, query, response, cause, false);
            } catch (RuntimeException e) {
                failureLog.otherFailure(e, query);
                outcome = new Outcome.Reply(
                        ReplyFlags.apply(block, generation.encoder().encodeError(query.message(), Rcode.SERVFAIL)));
            } finally {
                done(outcome);
            }
        }

        /** The query timeout fired. */
        @Override
        public void run() {
            if (!compareAndSet(false, true)) {
                return;
            }
            Outcome outcome = Outcome.NO_REPLY;
            try {
                metrics.queryTimeout();
                if (log.isDebugEnabled()) {
                    log.debug("{} timed out in block {}", query, query.serverBlock());
                }
                outcome = serverFailure(generation, block, zoneMetrics, typeIndex, query, null);
            } catch (RuntimeException e) {
                failureLog.otherFailure(e, query);
                outcome = new Outcome.Reply(
                        ReplyFlags.apply(block, generation.encoder().encodeError(query.message(), Rcode.SERVFAIL)));
            } finally {
                done(outcome);
            }
        }

        /** The listener's write is handed to its event loop before the query stops counting. */
        private void done(Outcome outcome) {
            try {
                completion.complete(outcome);
            } finally {
                inFlight.decrement();
                generation.release();
            }
        }
    }
}
