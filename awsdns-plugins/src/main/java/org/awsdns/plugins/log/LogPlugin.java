package org.awsdns.plugins.log;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.awsdns.core.Chain;
import org.awsdns.core.IpLiterals;
import org.awsdns.core.Plugin;
import org.awsdns.core.PluginFailure;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.slf4j.Logger;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Wraps the rest of the chain and logs one INFO line per query once its response is known:
 *
 * <pre>
 * 127.0.0.1:53211 udp bootstrapper-test.demo.internal. A NOERROR 0.21ms answered_by=hosts answers=1
 * 127.0.0.1:53211 udp broken.demo.internal. A SERVFAIL 1.02ms failed_by=forward error=java.io.IOException: timeout
 * 192.0.2.7:40001 udp demo.internal. ANY dropped 0.05ms dropped_by=acl
 * </pre>
 *
 * A failure of the rest of the chain is logged and handed on unchanged. When the logger's INFO
 * level is off the plugin only passes the query on.
 */
final class LogPlugin implements Plugin {
    private final Logger log;
    private final Set<ResponseClass> classes;

    LogPlugin(Logger log, Set<ResponseClass> classes) {
        this.log = requireNonNull(log, "log is null");
        requireNonNull(classes, "classes is null");
        this.classes = classes.isEmpty() ? EnumSet.noneOf(ResponseClass.class) : EnumSet.copyOf(classes);
    }

    @Override
    public CompletionStage<Response> handle(Query query, Chain next) {
        if (!log.isInfoEnabled()) {
            return next.proceed(query);
        }
        CompletionStage<Response> stage = next.proceed(query);
        CompletableFuture<Response> future = stage.toCompletableFuture();
        if (future.isDone()) {
            // The common case, a chain that answered synchronously: log now, no callback.
            Response response;
            try {
                response = future.join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                logFailure(query, e);
                return stage;
            }
            logResponse(query, response);
            return stage;
        }
        // Log on completion; the stage handed back is the original, so result and failure pass
        // through untouched whatever this callback does.
        future.whenComplete((response, failure) -> {
            if (failure != null) {
                logFailure(query, failure);
            } else {
                logResponse(query, response);
            }
        });
        return stage;
    }

    private void logResponse(Query query, Response response) {
        if (!classes.contains(ResponseClass.classify(response))) {
            return;
        }
        String answeredBy = response.answeredBy();
        if (response.isNoReply()) {
            // no reply left: the client saw no rcode, so none is logged
            log.info(start(query, "dropped").append(" dropped_by=").append(answeredBy == null ? "-" : answeredBy).toString());
            return;
        }
        StringBuilder line = start(query, Rcode.string(response.rcode()));
        line.append(" answered_by=").append(answeredBy == null ? "-" : answeredBy)
                .append(" answers=").append(response.count(Section.ANSWER));
        if (response.cacheStatus() != null) {
            line.append(" cache=").append(response.cacheStatus());
        }
        log.info(line.toString());
    }

    private void logFailure(Query query, Throwable failure) {
        if (!classes.contains(ResponseClass.ERROR)) {
            return;
        }
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String plugin = "-";
        if (cause instanceof PluginFailure pluginFailure) {
            plugin = pluginFailure.pluginName();
            if (pluginFailure.getCause() != null) {
                cause = pluginFailure.getCause();
            }
        }
        StringBuilder line = start(query, "SERVFAIL");
        line.append(" failed_by=").append(plugin).append(" error=").append(cause);
        log.info(line.toString());
    }

    /** The fields every line starts with, up to the duration. */
    private static StringBuilder start(Query query, String rcode) {
        long nanos = System.nanoTime() - query.receivedNanos();
        StringBuilder line = new StringBuilder(128);
        appendClient(line, query.client());
        line.append(' ').append(query.transport().name().toLowerCase(Locale.ROOT))
                .append(' ').append(query.name())
                .append(' ').append(Type.string(query.type()))
                .append(' ').append(rcode)
                .append(' ');
        appendMillis(line, nanos);
        return line;
    }

    /** {@code 10.0.0.1:53211}, or {@code [fd00::1]:53211}. Never resolves a name. */
    static void appendClient(StringBuilder line, InetSocketAddress client) {
        InetAddress address = client.getAddress();
        String host = address == null ? client.getHostString() : IpLiterals.format(address);
        if (host.indexOf(':') >= 0) {
            line.append('[').append(host).append(']');
        } else {
            line.append(host);
        }
        line.append(':').append(client.getPort());
    }

    /** A duration in milliseconds with two decimals, e.g. {@code 0.21ms}. */
    static void appendMillis(StringBuilder line, long nanos) {
        long hundredths = (Math.max(0, nanos) + 5_000) / 10_000;
        long fraction = hundredths % 100;
        line.append(hundredths / 100).append('.');
        if (fraction < 10) {
            line.append('0');
        }
        line.append(fraction).append("ms");
    }
}
