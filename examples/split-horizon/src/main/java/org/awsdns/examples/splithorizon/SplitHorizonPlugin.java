package org.awsdns.examples.splithorizon;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awsdns.core.Chain;
import org.awsdns.core.Plugin;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Answers its names with the address of the client's view: the view of the most specific network
 * (in the shared {@link Networks}) holding the client, else {@code default}. A name asked for a type
 * it has no address of is NODATA; other names pass.
 *
 * <p>Until the networks' first read ends, the view of a client is unknown: a query for one of the
 * plugin's names then waits for the read (a stage completed later, on the executor), and gets
 * SERVFAIL if the read fails or takes longer than {@code first_load_wait}, never another view's
 * address.
 */
final class SplitHorizonPlugin implements Plugin {
    private static final String DEFAULT_VIEW = "default";

    private final Networks networks;
    private final Map<Name, Map<String, InetAddress>> names;
    private final long ttl;
    private final Duration firstLoadWait;
    private final ScheduledExecutorService executor;
    private final SplitHorizonMetrics metrics;

    SplitHorizonPlugin(Networks networks, Map<Name, Map<String, InetAddress>> names, long ttl, Duration firstLoadWait,
            ScheduledExecutorService executor, SplitHorizonMetrics metrics) {
        this.networks = networks;
        this.names = names;
        this.ttl = ttl;
        this.firstLoadWait = firstLoadWait;
        this.executor = executor;
        this.metrics = metrics;
    }

    @Override
    public CompletionStage<Response> handle(Query query, Chain next) {
        Map<String, InetAddress> byView = query.dclass() == DClass.IN ? names.get(query.name()) : null;
        if (byView == null) {
            return next.proceed(query);
        }
        if (networks.isReady()) {
            return answer(query, byView, next);
        }
        metrics.waits().increment();
        return waitForNetworks().handle((ignored, failure) -> failure).thenCompose(failure -> {
            if (failure != null) {
                metrics.waitFailures().increment();
                return query.response().rcode(Rcode.SERVFAIL).complete();
            }
            return answer(query, byView, next);
        });
    }

    /** The networks' first read, failed after {@code firstLoadWait} at the latest. */
    private CompletableFuture<Void> waitForNetworks() {
        CompletableFuture<Void> loaded = networks.firstLoad().toCompletableFuture();
        CompletableFuture<Void> bounded = new CompletableFuture<>();
        ScheduledFuture<?> timeout = executor.schedule(
                () -> bounded.completeExceptionally(new TimeoutException(networks + " not read within " + firstLoadWait)),
                firstLoadWait.toMillis(), TimeUnit.MILLISECONDS);
        loaded.whenComplete((value, failure) -> {
            timeout.cancel(false);
            if (failure != null) {
                bounded.completeExceptionally(failure);
            } else {
                bounded.complete(value);
            }
        });
        return bounded;
    }

    private CompletionStage<Response> answer(Query query, Map<String, InetAddress> byView, Chain next) {
        String view = networks.viewOf(query.client().getAddress());
        if (view == null || !byView.containsKey(view)) {
            view = DEFAULT_VIEW;
        }
        InetAddress address = byView.get(view);
        Response response = query.response().authoritative(true).markNameExists();
        Record record = record(query.name(), query.type(), address);
        if (record != null) {
            response.addAnswer(record);
            metrics.answered(view);
        }
        return next.proceed(query);
    }

    private Record record(Name name, int type, InetAddress address) {
        if (address instanceof Inet4Address && (type == Type.A || type == Type.ANY)) {
            return new ARecord(name, DClass.IN, ttl, address);
        }
        if (address instanceof Inet6Address && (type == Type.AAAA || type == Type.ANY)) {
            return new AAAARecord(name, DClass.IN, ttl, address);
        }
        return null;
    }

    @Override
    public String toString() {
        return "split-horizon[" + names.size() + " names, " + networks + "]";
    }
}
