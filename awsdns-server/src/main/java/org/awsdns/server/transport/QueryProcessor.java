package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.net.Inet6Address;
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
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * Serves one received packet, whatever the transport: decode, pick the server block, run its
 * chain and send the reply. A chain that completes at once is answered on the caller's thread;
 * otherwise the reply goes out from the completion, or as SERVFAIL when the query timeout fires.
 * Never throws: one bad packet must not end a listener.
 *
 * <p>Each packet is served by one generation of {@link Routes}, the one current when it arrived,
 * from decoding to its reply; the generation counts it in flight until then, so a reload closes
 * the old chains only once their queries are answered.
 */
final class QueryProcessor {
    private static final Logger log = LoggerFactory.getLogger(QueryProcessor.class);
    static final int TCP_MAX_RESPONSE_SIZE = 65535;

    private final TransportMetrics metrics;
    private final FailureLog failureLog;
    private final ScheduledExecutorService timer;
    private final LongAdder inFlight = new LongAdder();
    private volatile Routes routes;
    private volatile boolean accepting = true;

    QueryProcessor(Routes routes, TransportMetrics metrics, FailureLog failureLog, ScheduledExecutorService timer) {
        this.routes = requireNonNull(routes, "routes is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.failureLog = requireNonNull(failureLog, "failureLog is null");
        this.timer = requireNonNull(timer, "timer is null");
    }

    /** Serves {@code packet}, received from {@code client} on {@code endpoint}; replies go to {@code target}. */
    void process(byte[] packet, InetSocketAddress client, ListenEndpoint endpoint, Transport transport, ReplyTarget listener) {
        long receivedNanos = System.nanoTime();
        OneReply target = new OneReply(listener, transport == Transport.UDP ? packet.length : Integer.MAX_VALUE);
        inFlight.increment();
        Routes current = enter();
        boolean pending = false;
        try {
            Decoded decoded = current.decoder().decode(packet);
            if (decoded instanceof Decoded.Accepted accepted) {
                pending = run(current, accepted, packet.length, client, endpoint, transport, target, receivedNanos);
            } else {
                QueryMetrics unrouted = metrics.unrouted();
                unrouted.request(QueryMetrics.OTHER_TYPE, transport, isIpv6(client), packet.length);
                if (decoded instanceof Decoded.Rejected rejected) {
                    if (rejected.malformed() != null) {
                        metrics.malformed(rejected.malformed());
                    }
                    send(target, rejected.reply(), rejected.rcode(), client, unrouted, null,
                            QueryMetrics.OTHER_TYPE, transport, receivedNanos);
                } else if (decoded instanceof Decoded.Dropped dropped) {
                    metrics.malformed(dropped.reason());
                    target.dropped(client);
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            failureLog.otherFailure(e, client);
            lastResort(target, packet, client);
        } finally {
            if (!pending) {
                inFlight.decrement();
                current.exit();
            }
        }
    }

    /** A bug got past the query path: SERVFAIL (a bare header, never larger than the query) or nothing. */
    private static void lastResort(ReplyTarget target, byte[] packet, InetSocketAddress client) {
        try {
            if (packet.length >= Header.LENGTH) {
                target.send(ResponseEncoder.headerOnlyError(packet, Rcode.SERVFAIL), client);
            } else {
                target.dropped(client);
            }
        } catch (RuntimeException e) {
            log.debug("the last-resort reply to {} failed", client, e);
        }
    }

    /** Enters the current generation; a reload that swapped it meanwhile makes us take the new one. */
    private Routes enter() {
        while (true) {
            Routes current = routes;
            current.enter();
            if (current == routes) {
                return current;
            }
            current.exit();
        }
    }

    /** Runs the chain; true when the reply is left to a completion callback. */
    private boolean run(
            Routes current,
            Decoded.Accepted accepted,
            int size,
            InetSocketAddress client,
            ListenEndpoint endpoint,
            Transport transport,
            ReplyTarget target,
            long receivedNanos) {
        Message request = accepted.request();
        BlockSelector selector = current.selector(endpoint.index());
        BlockSelector.Route route = selector == null
                ? null
                : selector.route(client.getAddress(), request.getQuestion().getName());
        int typeIndex = QueryMetrics.typeIndex(request.getQuestion().getType());
        if (route == null) {
            QueryMetrics unrouted = metrics.unrouted();
            unrouted.request(typeIndex, transport, isIpv6(client), size);
            send(target, current.encoder().encodeError(request, Rcode.REFUSED), Rcode.REFUSED, client, unrouted, null,
                    typeIndex, transport, receivedNanos);
            return false;
        }
        ServerBlock block = route.block();
        QueryMetrics zoneMetrics = route.metrics();
        zoneMetrics.request(typeIndex, transport, isIpv6(client), size);
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
            complete(current, block, zoneMetrics, typeIndex, query, future, target);
            return false;
        }
        PendingReply pending = new PendingReply(current, block, zoneMetrics, typeIndex, query, target);
        // the timeout is scheduled only here, off the synchronous path
        pending.timeout = timer.schedule(pending, current.queryTimeoutNanos(), TimeUnit.NANOSECONDS);
        future.whenComplete(pending);
        return true;
    }

    private void complete(Routes current, ServerBlock block, QueryMetrics zoneMetrics, int typeIndex, Query query,
            CompletableFuture<Response> future, ReplyTarget target) {
        Response response = null;
        Throwable failure = null;
        try {
            response = future.join();
        } catch (CompletionException | CancellationException e) {
            failure = e.getCause() != null ? e.getCause() : e;
        }
        finish(current, block, zoneMetrics, typeIndex, query, response, failure, target);
    }

    private void finish(Routes current, ServerBlock block, QueryMetrics zoneMetrics, int typeIndex, Query query,
            Response response, Throwable failure, ReplyTarget target) {
        if (failure == null && response != null && response.isNoReply()) {
            metrics.noReply();
            target.noReply(query.client());
            return;
        }
        if (failure == null && response != null) {
            try {
                byte[] reply = ReplyFlags.apply(block,
                        current.encoder().encode(query.request(), response, query.maxResponseSize()));
                send(target, reply, response.rcode(), query.client(), zoneMetrics, response.answeredBy(), typeIndex,
                        query.transport(), query.receivedNanos());
                return;
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
        sendServerFailure(current, block, zoneMetrics, typeIndex, query, culprit, target);
    }

    private void sendServerFailure(Routes current, ServerBlock block, QueryMetrics zoneMetrics, int typeIndex,
            Query query, String culprit, ReplyTarget target) {
        byte[] reply = ReplyFlags.apply(block, current.encoder().encodeError(query.request(), Rcode.SERVFAIL));
        send(target, reply, Rcode.SERVFAIL, query.client(),
                zoneMetrics, culprit, typeIndex, query.transport(), query.receivedNanos());
    }

    private static void send(ReplyTarget target, byte[] reply, int rcode, InetSocketAddress client, QueryMetrics meters,
            String answeredBy, int typeIndex, Transport transport, long receivedNanos) {
        meters.response(rcode, answeredBy, typeIndex, transport, reply.length, System.nanoTime() - receivedNanos);
        target.send(reply, client);
    }

    private static boolean isIpv6(InetSocketAddress client) {
        return client.getAddress() instanceof Inet6Address;
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

    /**
     * Swaps the routing table; queries already routed keep their generation, which counts them
     * until answered.
     *
     * @return the generation replaced
     */
    Routes routes(Routes routes) {
        Routes previous = this.routes;
        this.routes = requireNonNull(routes, "routes is null");
        return previous;
    }

    /**
     * A query whose chain did not complete at once: whichever comes first, the chain's completion
     * or the timeout, sends the one reply.
     */
    private final class PendingReply extends AtomicBoolean implements BiConsumer<Response, Throwable>, Runnable {
        private final Routes current;
        private final ServerBlock block;
        private final QueryMetrics zoneMetrics;
        private final int typeIndex;
        private final Query query;
        private final ReplyTarget target;
        private ScheduledFuture<?> timeout;

        PendingReply(Routes current, ServerBlock block, QueryMetrics zoneMetrics, int typeIndex, Query query,
                ReplyTarget target) {
            this.current = current;
            this.block = block;
            this.zoneMetrics = zoneMetrics;
            this.typeIndex = typeIndex;
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
                finish(current, block, zoneMetrics, typeIndex, query, response, cause, target);
            } catch (RuntimeException e) {
                failureLog.otherFailure(e, query);
                target.send(current.encoder().encodeError(query.request(), Rcode.SERVFAIL), query.client());
            } finally {
                inFlight.decrement();
                current.exit();
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
                sendServerFailure(current, block, zoneMetrics, typeIndex, query, null, target);
            } catch (RuntimeException e) {
                failureLog.otherFailure(e, query);
                target.send(current.encoder().encodeError(query.request(), Rcode.SERVFAIL), query.client());
            } finally {
                inFlight.decrement();
                current.exit();
            }
        }
    }
}
