package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awsdns.core.Chain;
import org.awsdns.core.Plugin;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** Small plugins for driving a real server from tests. */
final class TestPlugins {
    private TestPlugins() {}

    static Name name(String text) {
        try {
            return Name.fromString(text);
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ARecord a(String owner, String address) {
        try {
            return new ARecord(name(owner), DClass.IN, 60, InetAddress.getByName(address));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Remembers whether it was closed. */
    abstract static class Closeable implements Plugin {
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public void close() {
            closed.set(true);
        }
    }

    /** Answers one A record for one name, and passes everything else on. */
    static final class AnswerA extends Closeable {
        private final ARecord record;

        AnswerA(String owner, String address) {
            this.record = a(owner, address);
        }

        @Override
        public CompletionStage<Response> handle(Query query, Chain next) {
            if (query.type() != Type.A || !query.name().equals(record.getName())) {
                return next.proceed(query);
            }
            return query.response().authoritative(true).addAnswer(record).complete();
        }
    }

    /** Answers {@code count} A records (one RRset) for one name. */
    static final class HugeRRset extends Closeable {
        private final Name owner;
        private final int count;

        HugeRRset(String owner, int count) {
            this.owner = name(owner);
            this.count = count;
        }

        @Override
        public CompletionStage<Response> handle(Query query, Chain next) {
            if (!query.name().equals(owner)) {
                return next.proceed(query);
            }
            for (int i = 0; i < count; i++) {
                query.response().addAnswer(a(owner.toString(), "10.0." + (i / 250) + "." + (i % 250 + 1)));
            }
            return query.response().complete();
        }

        static java.util.List<org.xbill.DNS.Record> expected(String owner, int count) {
            java.util.List<org.xbill.DNS.Record> records = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                records.add(a(owner, "10.0." + (i / 250) + "." + (i % 250 + 1)));
            }
            return records;
        }
    }

    /** Throws for one name. */
    static final class Throwing extends Closeable {
        private final Name owner;

        Throwing(String owner) {
            this.owner = name(owner);
        }

        @Override
        public CompletionStage<Response> handle(Query query, Chain next) {
            if (query.name().equals(owner)) {
                throw new IllegalStateException("test plugin fails on purpose");
            }
            return next.proceed(query);
        }
    }

    /** Answers one A record from another thread, {@code delayMillis} later. */
    static final class AsyncAnswer extends Closeable {
        private final ARecord record;
        private final long delayMillis;
        volatile Thread answeredOn;

        AsyncAnswer(String owner, String address, long delayMillis) {
            this.record = a(owner, address);
            this.delayMillis = delayMillis;
        }

        @Override
        public CompletionStage<Response> handle(Query query, Chain next) {
            if (!query.name().equals(record.getName())) {
                return next.proceed(query);
            }
            Executor later = CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS);
            return CompletableFuture.supplyAsync(() -> {
                answeredOn = Thread.currentThread();
                return query.response().addAnswer(record);
            }, later);
        }
    }

    /** Answers one A record once the test opens the gate, on the thread that opens it. */
    static final class Gated extends Closeable {
        private final ARecord record;
        private final CompletableFuture<Void> gate = new CompletableFuture<>();

        Gated(String owner, String address) {
            this.record = a(owner, address);
        }

        void open() {
            gate.complete(null);
        }

        @Override
        public CompletionStage<Response> handle(Query query, Chain next) {
            return gate.thenApply(ignored -> query.response().addAnswer(record));
        }
    }

    /** Never completes the stage for one name. */
    static final class NeverCompletes extends Closeable {
        private final Name owner;

        NeverCompletes(String owner) {
            this.owner = requireNonNull(name(owner), "owner is null");
        }

        @Override
        public CompletionStage<Response> handle(Query query, Chain next) {
            if (query.name().equals(owner)) {
                return new CompletableFuture<>();
            }
            return next.proceed(query);
        }
    }
}
