package org.awsdns.plugins.forward;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awsdns.core.Chain;
import org.awsdns.core.Metrics;
import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Answers queries from upstream DNS servers: see {@link ForwardConfig}. The upstream's rcode,
 * sections and TTLs are kept; its AA flag is not (a relayed answer is not this server's
 * authority), and the block's replies carry RA since this plugin offers recursion. Failures never
 * escape as exceptions. When no upstream answers (all down, timed out, unreachable, SERVFAIL or
 * REFUSED from each, or too many in flight) the query passes to the next plugin marked
 * {@link Response#markUpstreamFailed() upstream failed}, so names later plugins know (EC2
 * instances) still answer and the others get SERVFAIL at the chain's end; with
 * {@code on_failure: servfail} the client gets SERVFAIL at once.
 */
public final class ForwardPlugin implements Plugin {
    private static final Record PROBE_QUESTION = Record.newRecord(Name.root, Type.NS, DClass.IN);

    private final List<Upstream> upstreams;
    private final Policy policy;
    private final List<Name> except;
    private final boolean fallthroughNxdomain;
    private final boolean fallthroughNodata;
    private final boolean forceTcp;
    private final boolean passOnFailure;
    private final long timeoutNanos;
    private final long deadlineNanos;
    private final int maxConcurrent;
    private final int udpSize;
    private final UpstreamIo io;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final ScheduledFuture<?> healthCheck;
    private final byte[] probe;

    private final Metrics.Counter requests;
    private final Metrics.Counter servfailDeadline;
    private final Metrics.Counter servfailAllDown;
    private final Metrics.Counter servfailUnreachable;
    private final Metrics.Counter servfailOverload;
    private final Metrics.Counter fallthroughs;
    private final Metrics.Counter passedOnDeadline;
    private final Metrics.Counter passedOnAllDown;
    private final Metrics.Counter passedOnUnreachable;
    private final Metrics.Counter passedOnOverload;
    private final Metrics.Counter passedOnUpstreamError;

    public ForwardPlugin(ForwardConfig config, PluginContext context) throws IOException {
        Metrics metrics = context.metrics();
        List<Upstream> list = new ArrayList<>();
        for (var address : config.upstreamAddresses()) {
            list.add(new Upstream(address, config.maxFails(), metrics));
        }
        this.upstreams = List.copyOf(list);
        this.policy = config.parsedPolicy();
        this.except = config.exceptZones();
        this.fallthroughNxdomain = config.fallthroughNxdomain();
        this.fallthroughNodata = config.fallthroughNodata();
        this.forceTcp = config.forceTcp();
        this.passOnFailure = config.passOnFailure();
        this.timeoutNanos = config.timeout().toNanos();
        this.deadlineNanos = config.deadline().toNanos();
        this.maxConcurrent = config.maxConcurrent();
        this.udpSize = config.udpSize();
        this.probe = Message.newQuery(PROBE_QUESTION).toWire();
        probe[2] &= (byte) ~0x01; // RD off: a probe needs no recursion, any reply shows the upstream is alive

        requests = metrics.counter("forward_requests", "Queries the forward plugin sent upstream");
        servfailDeadline = metrics.counter("forward_servfail", "Queries answered SERVFAIL by forward", "reason", "deadline");
        servfailAllDown = metrics.counter("forward_servfail", "Queries answered SERVFAIL by forward", "reason", "all_down");
        servfailUnreachable = metrics.counter("forward_servfail", "Queries answered SERVFAIL by forward", "reason", "unreachable");
        servfailOverload = metrics.counter("forward_servfail", "Queries answered SERVFAIL by forward", "reason", "overload");
        fallthroughs = metrics.counter("forward_fallthrough", "Upstream answers passed on to the next plugin");
        String failedHelp = "Queries no upstream answered, passed on to the next plugin (on_failure: next)";
        passedOnDeadline = metrics.counter("forward_failed_over", failedHelp, "reason", "deadline");
        passedOnAllDown = metrics.counter("forward_failed_over", failedHelp, "reason", "all_down");
        passedOnUnreachable = metrics.counter("forward_failed_over", failedHelp, "reason", "unreachable");
        passedOnOverload = metrics.counter("forward_failed_over", failedHelp, "reason", "overload");
        passedOnUpstreamError = metrics.counter("forward_failed_over", failedHelp, "reason", "upstream_error");
        metrics.gauge("forward_in_flight", "Queries waiting for an upstream", inFlight::get);

        this.io = new UpstreamIo(context.pluginName(), metrics);
        long every = config.healthCheck().toNanos();
        this.healthCheck = context.executor().scheduleWithFixedDelay(this::probeDownUpstreams, every, every, TimeUnit.NANOSECONDS);
    }

    @Override
    public CompletionStage<Response> handle(Query query, Chain next) {
        // an earlier plugin answered or knows the name (NODATA): the upstream must not override it
        Response built = query.response();
        if (isExcepted(query.name()) || built.isAnswered() || built.nameExists()) {
            return next.proceed(query);
        }
        requests.increment();
        if (allDown()) {
            return failed(query, next, servfailAllDown, passedOnAllDown);
        }
        if (inFlight.incrementAndGet() > maxConcurrent) {
            inFlight.decrementAndGet();
            return failed(query, next, servfailOverload, passedOnOverload);
        }
        ForwardCall call = new ForwardCall(io, upstreams, wire(query), query.question(), forceTcp,
                timeoutNanos, System.nanoTime() + deadlineNanos, firstUpstream());
        call.attempt();
        return call.result().handle((reply, error) -> {
            inFlight.decrementAndGet();
            return reply;
        }).thenCompose(reply -> answer(query, next, reply, call));
    }

    private CompletionStage<Response> answer(Query query, Chain next, Message reply, ForwardCall call) {
        if (reply == null) {
            return switch (call.failure()) {
                case ALL_DOWN -> failed(query, next, servfailAllDown, passedOnAllDown);
                case UNREACHABLE -> failed(query, next, servfailUnreachable, passedOnUnreachable);
                case DEADLINE -> failed(query, next, servfailDeadline, passedOnDeadline);
            };
        }
        int rcode = reply.getRcode();
        if (passOnFailure && (rcode == Rcode.SERVFAIL || rcode == Rcode.REFUSED)) {
            // every upstream answered SERVFAIL or REFUSED: as good as none answering
            passedOnUpstreamError.increment();
            query.response().markUpstreamFailed();
            return next.proceed(query);
        }
        boolean passOn = (fallthroughNxdomain && rcode == Rcode.NXDOMAIN)
                || (fallthroughNodata && rcode == Rcode.NOERROR && reply.getSection(Section.ANSWER).isEmpty());
        if (passOn) {
            // the response was never touched: the upstream's negative answer does not leak
            fallthroughs.increment();
            return next.proceed(query);
        }
        return query.response().copyFrom(reply).complete();
    }

    /** No upstream answered: pass the query on, marked, or answer SERVFAIL ({@code on_failure: servfail}). */
    private CompletionStage<Response> failed(Query query, Chain next, Metrics.Counter servfail, Metrics.Counter passedOn) {
        if (passOnFailure) {
            passedOn.increment();
            query.response().markUpstreamFailed();
            return next.proceed(query);
        }
        servfail.increment();
        return servfail(query);
    }

    private static CompletionStage<Response> servfail(Query query) {
        return query.response().rcode(Rcode.SERVFAIL).complete();
    }

    /** The query sent upstream: the client's question and RD/CD bits, our own EDNS with the client's DO. */
    private byte[] wire(Query query) {
        Message message = new Message(0);
        if (query.recursionDesired()) {
            message.getHeader().setFlag(Flags.RD);
        }
        if (query.checkingDisabled()) {
            message.getHeader().setFlag(Flags.CD);
        }
        message.addRecord(query.question(), Section.QUESTION);
        message.addRecord(new OPTRecord(udpSize, 0, 0, query.dnssecOk() ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
        return message.toWire();
    }

    private int firstUpstream() {
        return switch (policy) {
            case SEQUENTIAL -> 0;
            case RANDOM -> ThreadLocalRandom.current().nextInt(upstreams.size());
            case ROUND_ROBIN -> Math.floorMod(roundRobin.getAndIncrement(), upstreams.size());
        };
    }

    private boolean isExcepted(Name name) {
        for (int i = 0; i < except.size(); i++) {
            if (name.subdomain(except.get(i))) {
                return true;
            }
        }
        return false;
    }

    private boolean allDown() {
        for (int i = 0; i < upstreams.size(); i++) {
            if (!upstreams.get(i).isDown()) {
                return false;
            }
        }
        return true;
    }

    /** Asks every upstream marked down for {@code . NS}; any reply brings it back. */
    private void probeDownUpstreams() {
        for (Upstream upstream : upstreams) {
            if (upstream.isDown() && upstream.startProbe()) {
                io.exchange(upstream.address(), probe, PROBE_QUESTION, forceTcp, timeoutNanos)
                        .whenComplete((reply, error) -> {
                            upstream.endProbe();
                            if (error == null) {
                                upstream.succeeded();
                            }
                        });
            }
        }
    }

    /** Forwarding resolves any name for the client: the block offers recursion. */
    @Override
    public boolean offersRecursion() {
        return true;
    }

    @Override
    public void close() {
        healthCheck.cancel(false);
        io.close();
    }
}
