package org.awsdns.plugins.testing;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.awsdns.core.Chain;
import org.awsdns.core.NamedPlugin;
import org.awsdns.core.Pipeline;
import org.awsdns.core.Plugin;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.awsdns.core.Transport;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/** Builds queries and chains for plugin tests. */
public final class Queries {
    private Queries() {}

    public static Query query(String name, int type) {
        return query(name, type, DClass.IN);
    }

    public static Query query(String name, int type, int dclass) {
        return builder(name, type, dclass).build();
    }

    public static Query.Builder builder(String name, int type, int dclass) {
        Message request = Message.newQuery(Record.newRecord(name(name), type, dclass));
        return Query.builder(request)
                .client(new InetSocketAddress("127.0.0.1", 53211))
                .transport(Transport.UDP);
    }

    public static Name name(String name) {
        try {
            return Name.fromString(name);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Runs {@code query} through a chain of the named plugins, in order, and waits for its end. */
    public static Response run(Query query, NamedPlugin... plugins) {
        return Pipeline.of(List.of(plugins)).execute(query).toCompletableFuture().join();
    }

    /** A plugin that records that it was called and passes. */
    public static final class Recorder implements Plugin {
        private int calls;

        @Override
        public CompletionStage<Response> handle(Query query, Chain next) {
            calls++;
            return next.proceed(query);
        }

        public int calls() {
            return calls;
        }
    }
}
