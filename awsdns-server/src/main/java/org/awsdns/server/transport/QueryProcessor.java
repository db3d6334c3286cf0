package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
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
import org.awsdns.core.Response;
import org.awsdns.core.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * Serves one received packet, whatever the transport: decode, pick the server block, run its
 * chain and send the reply. A chain that completes at once is answered on the caller's thread;
 * otherwise the reply goes out from the completion, or as SERVFAIL when the query timeout fires.
 * Never throws: one bad packet must not end a listener.
 */
final class QueryProcessor {
    private static final Logger log = LoggerFactory.getLogger(QueryProcessor.class);
    static final int TCP_MAX_RESPONSE_SIZE = 65535;

    private final QueryDecoder decoder;
    private final ResponseEncoder encoder;
    private final TransportMetrics metrics;
    private final FailureLog failureLog;
    private final ScheduledExecutorService timer;
    private final long queryTimeoutNanos;
    private final LongAdder inFlight = new LongAdder();
    private volatile Routes routes;
    private volatile boolean accepting = true;

    QueryProcessor(
            Routes routes,
            ServerSettings settings,
            TransportMetrics metrics,
            FailureLog failureLog,
            ScheduledExecutorService timer) {
        this.routes = requireNonNull(routes, "routes is null");
        this.encoder = new ResponseEncoder(settings.ednsUdpSize());
        this.decoder = new QueryDecoder(encoder, settings.ednsUdpSize());
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.failureLog = requireNonNull(failureLog, "failureLog is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.queryTimeoutNanos = settings.queryTimeout().toNanos();
    }

    /** Serves {@code packet}, received from {@code client} on {@code endpoint}; replies go to {@code target}. */
    void process(byte[] packet, InetSocketAddress client, ListenEndpoint endpoint, Transport transport, ReplyTarget target) {
        long receivedNanos = System.nanoTime();
        metrics.request(transport);
        inFlight.increment();
        boolean pending = false;
        try {
            Decoded decoded = decoder.decode(packet);
            if (decoded instanceof Decoded.Accepted accepted) {
                pending = run(accepted, client, endpoint, transport, target, receivedNanos);
            } else if (decoded instanceof Decoded.Rejected rejected) {
                if (rejected.malformed() != null) {
                    metrics.malformed(rejected.malformed());
                }
                send(target, rejected.reply(), rejected.rcode(), client);
            } else if (decoded instanceof Decoded.Dropped dropped) {
                metrics.malformed(dropped.reason());
                target.dropped(client);
            }
        } catch (RuntimeException | StackOverflowError e) {
            failureLog.otherFailure(e, client);
        } finally {
            if (!pending) {
                inFlight.decrement();
            }
        }
    }

    /** Runs the chain; true when the reply is left to a completion callback. */
    private boolean run(
            Decoded.Accepted accepted,
            InetSocketAddress client,
            ListenEndpoint endpoint,
            Transport transport,
            ReplyTarget target,
            long receivedNanos) {
        Message request = accepted.request();
        ServerBlock block = routes.selector(endpoint.index()).select(client.getAddress(), request.getQuestion().getName());
        if (block == null) {
            send(target, encoder.encodeError(request, Rcode.REFUSED), Rcode.REFUSED, client);
            return false;
        }
        Query query = Query.builder(request)
                .client(client)
                .local(endpoint.local())
                .transport(transport)
                .maxResponseSize(transport == Transport.UDP ? accepted.udpSize() : TCP_MAX_RESPONSE_SIZE)
                .serverBlock(block.name())
                .receivedNanos(receivedNanos)
                .build();
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
            complete(query, future, target);
            return false;
        }
        PendingReply pending = new PendingReply(query, target);
        // the timeout is scheduled only here, off the synchronous path
        pending.timeout = timer.schedule(pending, queryTimeoutNanos, TimeUnit.NANOSECONDS);
        future.whenComplete(pending);
        return true;
    }

    private void complete(Query query, CompletableFuture<Response> future, ReplyTarget target) {
        Response response = null;
        Throwable failure = null;
        try {
            response = future.join();
        } catch (CompletionException | CancellationException e) {
            failure = e.getCause() != null ? e.getCause() : e;
        }
        finish(query, response, failure, target);
    }

    private void finish(Query query, Response response, Throwable failure, ReplyTarget target) {
        if (failure == null && response != null && response.isNoReply()) {
            metrics.noReply();
            target.noReply(query.client());
            return;
        }
        if (failure == null && response != null) {
            try {
                byte[] reply = encoder.encode(query.request(), response, query.maxResponseSize());
                send(target, reply, response.rcode(), query.client());
                return;
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure instanceof PluginFailure pluginFailure) {
            metrics.pluginFailure();
            failureLog.pluginFailed(pluginFailure, query);
        } else {
            failureLog.otherFailure(failure, query);
        }
        sendServerFailure(query, target);
    }

    private void sendServerFailure(Query query, ReplyTarget target) {
        send(target, encoder.encodeError(query.request(), Rcode.SERVFAIL), Rcode.SERVFAIL, query.client());
    }

    private void send(ReplyTarget target, byte[] reply, int rcode, InetSocketAddress client) {
        metrics.response(rcode);
        target.send(reply, client);
    }

    /** Stops serving new packets; queries already in a chain still get their reply. */
    void stopAccepting() {
        accepting = false;
    }

    boolean accepting() {
        return accepting;
    }

    /** Queries received and not yet answered. */
    long inFlight() {
        return inFlight.sum();
    }

    Routes routes() {
        return routes;
    }

    /** Swaps the routing table; queries already routed keep their block. */
    void routes(Routes routes) {
        this.routes = requireNonNull(routes, "routes is null");
    }

    /**
     * A query whose chain did not complete at once: whichever comes first, the chain's completion
     * or the timeout, sends the one reply.
     */
    private final class PendingReply extends AtomicBoolean implements BiConsumer<Response, Throwable>, Runnable {
        private final Query query;
        private final ReplyTarget target;
        private ScheduledFuture<?> timeout;

        PendingReply(Query query, ReplyTarget target) {
            this.query = query;
            this.target = target;
        }

        @Override
        public void accept(Response response, Throwable failure) {
            if (!compareAndSet(false, true)) {
                return;
            }
            timeout.cancel(false);
            try {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                finish(query, response, cause, target);
            } catch (RuntimeException e) {
                failureLog.otherFailure(e, query);
            } finally {
                inFlight.decrement();
            }
        }

        /** The query timeout fired. */
        @Override
        public void run() {
            if (!compareAndSet(false, true)) {
                return;
            }
            try {
                metrics.queryTimeout();
                if (log.isDebugEnabled()) {
                    log.debug("{} timed out in block {}", query, query.serverBlock());
                }
                sendServerFailure(query, target);
            } catch (RuntimeException e) {
                failureLog.otherFailure(e, query);
            } finally {
                inFlight.decrement();
            }
        }
    }
}
