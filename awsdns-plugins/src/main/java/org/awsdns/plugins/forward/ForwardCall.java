package org.awsdns.plugins.forward;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;
import org.xbill.DNS.Record;

/**
 * One client query's way through the upstreams: attempts in policy order until a usable reply or
 * the deadline. A truncated UDP reply is asked again over TCP from the same upstream. A SERVFAIL or
 * REFUSED reply is asked of the next upstream, and returned when every upstream gave one.
 *
 * <p>The result is the reply to answer with, or {@code null} when there is none (then
 * {@link #failure()} says why). It never completes exceptionally.
 */
final class ForwardCall {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ForwardCall.class);
    enum Failure { DEADLINE, ALL_DOWN, UNREACHABLE }

    private final UpstreamIo io;
    private final List<Upstream> upstreams;
    private final byte[] wire;
    private final Record question;
    private final boolean forceTcp;
    private final long timeoutNanos;
    private final long deadlineNanos;
    private final int start;
    private final CompletableFuture<Message> result = new CompletableFuture<>();
    private int position;
    private int badAnswers;
    private Message lastBadAnswer;
    private boolean[] unreachable;
    private volatile Failure failure;

    ForwardCall(UpstreamIo io, List<Upstream> upstreams, byte[] wire, Record question, boolean forceTcp,
            long timeoutNanos, long deadlineNanos, int start) {
        this.io = io;
        this.upstreams = upstreams;
        this.wire = wire;
        this.question = question;
        this.forceTcp = forceTcp;
        this.timeoutNanos = timeoutNanos;
        this.deadlineNanos = deadlineNanos;
        this.start = start;
    }

    CompletableFuture<Message> result() {
        return result;
    }

    Failure failure() {
        return failure;
    }

    /** Sends the next attempt to the next upstream that is up, or finishes. */
    void attempt() {
        int count = upstreams.size();
        for (int i = 0; i < count; i++) {
            int index = (start + position++) % count;
            Upstream upstream = upstreams.get(index);
            if (upstream.isDown()) {
                continue;
            }
            if (unreachable != null && unreachable[index]) {
                // every upstream still up was tried and refused the connection: no use spinning
                fail(Failure.UNREACHABLE);
                return;
            }
            send(upstream, index, forceTcp);
            return;
        }
        fail(Failure.ALL_DOWN);
    }

    private void send(Upstream upstream, int index, boolean tcp) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            fail(Failure.DEADLINE);
            return;
        }
        (tcp ? upstream.tcpQueries : upstream.udpQueries).increment();
        long sent = System.nanoTime();
        io.exchange(upstream.address(), wire, question, tcp, Math.min(timeoutNanos, remaining))
                .whenComplete((reply, error) -> {
                    try {
                        onReply(upstream, index, tcp, sent, reply, error);
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                });
    }

    private void onReply(Upstream upstream, int index, boolean tcp, long sent, Message reply, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (log.isDebugEnabled()) {
                log.debug("forward: {} {} via {} over {}: no reply after {}ms: {}", question.getName(), Type.string(question.getType()),
                        upstream, tcp ? "tcp" : "udp", millis(System.nanoTime() - sent), cause.toString());
            }
            upstream.failed(cause instanceof UpstreamTimeoutException
                    ? "it did not answer within " + Math.round((System.nanoTime() - sent) / 1e6) + "ms"
                    : cause instanceof java.net.PortUnreachableException ? "nothing listens on its port (ICMP port unreachable)"
                    : cause instanceof java.net.ConnectException ? "it refused the connection"
                    : "of a network error: " + cause.getMessage());
            if (cause instanceof UpstreamTimeoutException) {
                upstream.timeouts.increment();
            } else {
                upstream.errors.increment();
                if (unreachable == null) {
                    unreachable = new boolean[upstreams.size()];
                }
                unreachable[index] = true;
            }
            attempt();
            return;
        }
        long latency = System.nanoTime() - sent;
        upstream.duration.record(latency);
        if (log.isDebugEnabled()) {
            log.debug("forward: {} {} via {} over {}: {} in {}ms", question.getName(), Type.string(question.getType()),
                    upstream, tcp ? "tcp" : "udp", Rcode.string(reply.getRcode()), millis(latency));
        }
        upstream.succeeded();
        if (!tcp && reply.getHeader().getFlag(Flags.TC)) {
            upstream.truncated.increment();
            send(upstream, index, true);
            return;
        }
        int rcode = reply.getRcode();
        if ((rcode == Rcode.SERVFAIL || rcode == Rcode.REFUSED) && ++badAnswers < upstreams.size()) {
            lastBadAnswer = reply;
            attempt();
            return;
        }
        result.complete(reply);
    }

    private void fail(Failure why) {
        if (lastBadAnswer != null) {
            result.complete(lastBadAnswer);
            return;
        }
        failure = why;
        result.complete(null);
    }

    /** Milliseconds with two decimals, as the log plugin writes them. */
    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e6);
    }
}
