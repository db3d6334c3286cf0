package org.awsdns.plugins.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awsdns.testing.Records.lines;
import static org.awsdns.testing.Records.record;
import static org.awsdns.testing.Queries.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.awsdns.core.Chain;
import org.awsdns.core.Plugin;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.awsdns.testing.Await;
import org.awsdns.testing.ChainRunner;
import org.awsdns.testing.Queries;
import org.awsdns.testing.TestClock;
import org.awsdns.testing.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** The cache over a hand-written plugin below it that counts what reaches it, with a clock the test moves. */
class CachePluginTest {
    private static final String SOA = "example. 3600 IN SOA ns.example. hostmaster.example. 7 3600 900 86400 60";

    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
    private final TestPluginContext context = TestPluginContext.builder("cache").clock(clock).build();
    private final Below below = new Below();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    @Test
    void servesTtlsCountingDownAndGoesBelowOnlyOnce() {
        ChainRunner pipeline = cached(config(null, null));

        Response first = pipeline.run(query("www.example.", Type.A));
        clock.advance(Duration.ofSeconds(100));
        Response later = pipeline.run(query("WWW.Example.", Type.A));
        clock.advance(Duration.ofMillis(99_900));
        Response laterStill = pipeline.run(query("www.example.", Type.A));

        assertThat(lines(first.answer())).containsExactly("www.example. 300 IN A 192.0.2.1");
        assertThat(lines(later.answer())).containsExactly("www.example. 200 IN A 192.0.2.1");
        assertThat(lines(laterStill.answer())).containsExactly("www.example. 101 IN A 192.0.2.1");
        assertThat(later.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(below.calls.get()).isEqualTo(1);
        assertThat(context.metrics().count("cache_hits")).isEqualTo(2);
        assertThat(context.metrics().count("cache_misses")).isEqualTo(1);
    }

    @Test
    void expiresAtTheLowestAnswerTtl() {
        below.answer = query -> query.response()
                .addAnswer(record("alias.example. 600 IN CNAME www.example."))
                .addAnswer(record("www.example. 120 IN A 192.0.2.1"));
        ChainRunner pipeline = cached(config(null, null));

        pipeline.run(query("alias.example.", Type.A));
        clock.advance(Duration.ofSeconds(119));
        Response hit = pipeline.run(query("alias.example.", Type.A));
        clock.advance(Duration.ofSeconds(1));
        pipeline.run(query("alias.example.", Type.A));

        assertThat(lines(hit.answer())).containsExactly("alias.example. 1 IN CNAME www.example.", "www.example. 1 IN A 192.0.2.1");
        assertThat(below.calls.get()).isEqualTo(2);
    }

    @Test
    void capsAtMaxTtlAndRaisesToMinTtl() {
        below.answer = query -> query.response().addAnswer(record(query.name() + (query.name().toString().startsWith("long") ? " 86400" : " 1") + " IN A 192.0.2.1"));
        ChainRunner pipeline = cached(new CacheConfig(null, null, 600L, 5L, null, null, null, null, null));

        Response longOne = pipeline.run(query("long.example.", Type.A));
        Response shortOne = pipeline.run(query("short.example.", Type.A));
        clock.advance(Duration.ofSeconds(4));
        Response shortLater = pipeline.run(query("short.example.", Type.A));
        clock.advance(Duration.ofSeconds(595));
        Response longLater = pipeline.run(query("long.example.", Type.A));

        assertThat(lines(longOne.answer())).containsExactly("long.example. 600 IN A 192.0.2.1");
        assertThat(lines(shortOne.answer())).containsExactly("short.example. 5 IN A 192.0.2.1");
        assertThat(lines(shortLater.answer())).containsExactly("short.example. 1 IN A 192.0.2.1");
        assertThat(lines(longLater.answer())).containsExactly("long.example. 1 IN A 192.0.2.1");
        assertThat(below.calls.get()).isEqualTo(2);
    }

    @Test
    void cachesNxdomainForTheSoaMinimum() {
        below.answer = query -> query.response().rcode(Rcode.NXDOMAIN).addAuthority(record(SOA));
        ChainRunner pipeline = cached(config(null, null));

        Response first = pipeline.run(query("nothing.example.", Type.A));
        clock.advance(Duration.ofSeconds(59));
        Response hit = pipeline.run(query("nothing.example.", Type.A));
        clock.advance(Duration.ofSeconds(1));
        pipeline.run(query("nothing.example.", Type.A));

        assertThat(first.rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(hit.rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(hit.answer()).isEmpty();
        assertThat(lines(hit.authority())).containsExactly("example. 1 IN SOA ns.example. hostmaster.example. 7 3600 900 86400 60");
        assertThat(below.calls.get()).isEqualTo(2);
    }

    @Test
    void cachesNodataForTheSoaMinimumCappedAtMaxNegativeTtl() {
        below.answer = query -> query.response().rcode(Rcode.NOERROR)
                .addAuthority(record("example. 7200 IN SOA ns.example. hostmaster.example. 7 3600 900 86400 7200"));
        ChainRunner pipeline = cached(new CacheConfig(null, null, null, null, 30L, null, null, null, null));

        Response first = pipeline.run(query("text.example.", Type.A));
        clock.advance(Duration.ofSeconds(29));
        pipeline.run(query("text.example.", Type.A));
        clock.advance(Duration.ofSeconds(1));
        pipeline.run(query("text.example.", Type.A));

        assertThat(lines(first.authority())).containsExactly("example. 30 IN SOA ns.example. hostmaster.example. 7 3600 900 86400 7200");
        assertThat(below.calls.get()).isEqualTo(2);
    }

    @Test
    void doesNotCacheNegativeAnswersWithoutSoaNorRefusedNorFormerr() {
        below.answer = query -> query.response().rcode(switch (query.name().toString()) {
            case "refused.example." -> Rcode.REFUSED;
            case "formerr.example." -> Rcode.FORMERR;
            default -> Rcode.NXDOMAIN;
        });
        ChainRunner pipeline = cached(config(null, null));

        for (String name : List.of("nosoa.example.", "refused.example.", "formerr.example.")) {
            pipeline.run(query(name, Type.A));
            Response again = pipeline.run(query(name, Type.A));
            assertThat(again.rcode()).isNotEqualTo(Rcode.NOERROR);
        }

        assertThat(below.calls.get()).isEqualTo(6);
    }

    @Test
    void cachesServfailForAFewSecondsOnly() {
        below.answer = query -> query.response().rcode(Rcode.SERVFAIL);
        ChainRunner pipeline = cached(config(null, null));

        pipeline.run(query("broken.example.", Type.A));
        clock.advance(Duration.ofSeconds(4));
        Response hit = pipeline.run(query("broken.example.", Type.A));
        clock.advance(Duration.ofSeconds(1));
        pipeline.run(query("broken.example.", Type.A));

        assertThat(hit.rcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(below.calls.get()).isEqualTo(2);
    }

    @Test
    void keepsNoAnswerMarkedForNowOnly() {
        // a SERVFAIL that says "not known yet" (an inventory still loading): the next query must
        // go below again, where the real answer may be ready, not get the SERVFAIL for 5 s
        below.answer = query -> query.response().rcode(Rcode.SERVFAIL).markForNowOnly();
        ChainRunner pipeline = cached(config(null, null));

        Response first = pipeline.run(query("loading.example.", Type.A));
        below.answer = query -> query.response().addAnswer(record("loading.example. 300 IN A 192.0.2.9"));
        Response next = pipeline.run(query("loading.example.", Type.A));
        Response hit = pipeline.run(query("loading.example.", Type.A));

        assertThat(first.rcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(lines(next.answer())).containsExactly("loading.example. 300 IN A 192.0.2.9");
        assertThat(lines(hit.answer())).containsExactly("loading.example. 300 IN A 192.0.2.9");
        assertThat(below.calls.get()).as("the marked SERVFAIL was not kept, the answer was").isEqualTo(2);
    }

    @Test
    void keysOnTypeAndTheDoAndCdBits() {
        ChainRunner pipeline = cached(config(null, null));

        pipeline.run(query("www.example.", Type.A));
        pipeline.run(query("www.example.", Type.AAAA));
        pipeline.run(Queries.builder("www.example.", Type.A).edns(1232).dnssecOk().build());
        pipeline.run(Queries.builder("www.example.", Type.A).edns(1232).checkingDisabled().build());
        pipeline.run(Queries.builder("www.example.", Type.A).edns(1232).dnssecOk().build());

        assertThat(below.calls.get()).isEqualTo(4);
    }

    @Test
    void evictsToStayWithinCapacity() {
        CachePlugin cache = new CachePlugin(new CacheConfig(10, null, null, null, null, null, null, null, null), context);
        ChainRunner pipeline = ChainRunner.of(cache, below);

        for (int i = 0; i < 100; i++) {
            pipeline.run(query("host" + i + ".example.", Type.A));
        }

        assertThat(cache.size()).isLessThanOrEqualTo(10);
        assertThat(context.metrics().count("cache_evictions")).isGreaterThanOrEqualTo(90);
        assertThat(context.metrics().gaugeValue("cache_entries").longValue()).isLessThanOrEqualTo(10);
    }

    @Test
    void keepsPopularNamesWhileNamesAskedOnceStreamThrough() {
        // most hits are not told to the eviction policy (CachePlugin.lookup); the ones that are must
        // keep names asked all the time in a full cache while names asked once stream through. With
        // no hit recorded, a popular name's frequency would be its misses alone, fading as the
        // policy ages its counts, and the stream would push it out again and again.
        CachePlugin cache = new CachePlugin(new CacheConfig(100, null, null, null, null, null, null, null, null), context);
        ChainRunner pipeline = ChainRunner.of(cache, below);
        int popularMissesAtTheEnd = 0;
        for (int step = 0; step < 5_000; step++) {
            pipeline.run(query("passing" + step + ".example.", Type.A));
            for (int i = 0; i < 20; i++) {
                int before = below.calls.get();
                pipeline.run(query("popular" + i + ".example.", Type.A));
                if (step >= 3_000) {
                    popularMissesAtTheEnd += below.calls.get() - before;
                }
            }
        }

        assertThat(popularMissesAtTheEnd).as("popular names asked below again in the last 2,000 steps").isLessThanOrEqualTo(5);
        assertThat(cache.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void evictsToStayWithinMaxBytes() {
        below.answer = query -> {
            for (int i = 0; i < 50; i++) {
                query.response().addAnswer(record(query.name() + " 300 IN TXT \"" + "x".repeat(200) + i + "\""));
            }
            return query.response();
        };
        CachePlugin cache = new CachePlugin(new CacheConfig(1000, "100KiB", null, null, null, null, null, null, null), context);
        ChainRunner pipeline = ChainRunner.of(cache, below);

        for (int i = 0; i < 50; i++) {
            pipeline.run(query("text" + i + ".example.", Type.TXT));
        }

        assertThat(cache.size()).isBetween(1L, 10L); // each entry is about 11 KB
        assertThat(context.metrics().gaugeValue("cache_bytes").longValue()).isLessThanOrEqualTo(100 * 1024);
    }

    @Test
    void concurrentMissesForOneKeyGoBelowOnceAndEachGetsItsOwnResponse() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        below.gate = gate;
        ChainRunner pipeline = cached(config(null, null));

        List<Query> queries = new ArrayList<>();
        List<CompletableFuture<Response>> pending = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Query query = query("www.example.", Type.A);
            queries.add(query);
            pending.add(pipeline.execute(query).toCompletableFuture());
        }
        assertThat(pending).noneMatch(CompletableFuture::isDone);
        gate.complete(null);

        for (int i = 0; i < 100; i++) {
            Response response = pending.get(i).get(5, TimeUnit.SECONDS);
            assertThat(response).isSameAs(queries.get(i).response());
            assertThat(lines(response.answer())).containsExactly("www.example. 300 IN A 192.0.2.1");
        }
        assertThat(below.calls.get()).isEqualTo(1);
        assertThat(context.metrics().count("cache_coalesced")).isEqualTo(99);
    }

    @Test
    void failureBelowReachesEveryWaiterAndIsNotCached() {
        below.answer = query -> {
            throw new IllegalStateException("upstream exploded");
        };
        ChainRunner pipeline = cached(config(null, null));

        CompletableFuture<Response> failed = pipeline.execute(query("www.example.", Type.A)).toCompletableFuture();

        assertThatThrownBy(failed::join).hasRootCauseMessage("upstream exploded");
        below.answer = Below.DEFAULT;
        assertThat(lines(pipeline.run(query("www.example.", Type.A)).answer())).hasSize(1);
    }

    @Test
    void prefetchesAPopularEntryBeforeItExpires() throws Exception {
        ChainRunner pipeline = cached(new CacheConfig(null, null, null, null, null, null, new PrefetchConfig(3, "10%"), null, null));

        pipeline.run(query("www.example.", Type.A));
        for (int i = 0; i < 3; i++) {
            pipeline.run(query("www.example.", Type.A));
        }
        assertThat(below.calls.get()).isEqualTo(1); // popular, but 300 s remain
        clock.advance(Duration.ofSeconds(275));
        Response hit = pipeline.run(query("www.example.", Type.A));
        awaitCalls(2);
        Response afterRefresh = pipeline.run(query("www.example.", Type.A));

        assertThat(lines(hit.answer())).containsExactly("www.example. 25 IN A 192.0.2.1");
        assertThat(lines(afterRefresh.answer())).containsExactly("www.example. 300 IN A 192.0.2.1");
        assertThat(context.metrics().count("cache_prefetches")).isEqualTo(1);
    }

    @Test
    void servesStaleWhenTheChainBelowFails() {
        ChainRunner pipeline = cached(new CacheConfig(null, null, null, null, null, null, null, Duration.ofHours(1), null));
        pipeline.run(query("www.example.", Type.A));
        clock.advance(Duration.ofMinutes(30));
        below.answer = query -> {
            throw new IllegalStateException("upstream down");
        };

        Response stale = pipeline.run(query("www.example.", Type.A));
        Response staleAgain = pipeline.run(query("www.example.", Type.A));

        assertThat(lines(stale.answer())).containsExactly("www.example. 30 IN A 192.0.2.1");
        assertThat(lines(staleAgain.answer())).containsExactly("www.example. 30 IN A 192.0.2.1");
        assertThat(below.calls.get()).isEqualTo(2); // the second one waits for the 30 s failure recheck
        assertThat(context.metrics().count("cache_stale_answers")).isEqualTo(2);
    }

    @Test
    void servesStaleWhenTheChainBelowAnswersServfailButNotPastTheLimit() {
        ChainRunner pipeline = cached(new CacheConfig(null, null, null, null, null, null, null, Duration.ofHours(1), null));
        pipeline.run(query("www.example.", Type.A));
        below.answer = query -> query.response().rcode(Rcode.SERVFAIL);

        clock.advance(Duration.ofMinutes(50));
        Response stale = pipeline.run(query("www.example.", Type.A));
        clock.advance(Duration.ofMinutes(20));
        Response tooOld = pipeline.run(query("www.example.", Type.A));

        assertThat(stale.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(lines(stale.answer())).containsExactly("www.example. 30 IN A 192.0.2.1");
        assertThat(tooOld.rcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(tooOld.answer()).isEmpty();
    }

    @Test
    void servesStaleWhenTheChainBelowIsTooSlowAndStoresItsLateAnswer() throws Exception {
        ChainRunner pipeline = cached(new CacheConfig(null, null, null, null, null, null, null, Duration.ofHours(1), Duration.ofMillis(100)));
        pipeline.run(query("www.example.", Type.A));
        clock.advance(Duration.ofMinutes(10));
        CompletableFuture<Void> gate = new CompletableFuture<>();
        below.gate = gate;
        below.answer = query -> query.response().addAnswer(record("www.example. 300 IN A 192.0.2.2"));

        long start = System.nanoTime();
        Response stale = pipeline.run(query("www.example.", Type.A));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        gate.complete(null);
        awaitCalls(2);
        Thread.sleep(50);
        Response fresh = pipeline.run(query("www.example.", Type.A));

        assertThat(lines(stale.answer())).containsExactly("www.example. 30 IN A 192.0.2.1");
        assertThat(waitedMillis).isBetween(90L, 2000L);
        assertThat(lines(fresh.answer())).containsExactly("www.example. 300 IN A 192.0.2.2");
    }

    // --- helpers

    private ChainRunner cached(CacheConfig config) {
        return ChainRunner.of(new CachePlugin(config, context), below);
    }

    private static CacheConfig config(Integer capacity, String maxBytes) {
        return new CacheConfig(capacity, maxBytes, null, null, null, null, null, null, null);
    }

    private void awaitCalls(int calls) {
        Await.until(calls + " calls below the cache", Duration.ofSeconds(10), () -> below.calls.get() >= calls);
        assertThat(below.calls.get()).isEqualTo(calls);
    }

    /** The rest of the chain: counts its calls, answers as told, optionally only once a gate opens. */
    static final class Below implements Plugin {
        static final Function<Query, Response> DEFAULT = query -> query.response().addAnswer(record(query.name() + " 300 IN A 192.0.2.1"));

        final AtomicInteger calls = new AtomicInteger();
        volatile Function<Query, Response> answer = DEFAULT;
        volatile CompletableFuture<Void> gate;

        @Override
        public CompletionStage<Response> handle(Query query, Chain next) {
            calls.incrementAndGet();
            CompletableFuture<Void> waitFor = gate;
            if (waitFor == null) {
                answer.apply(query);
                return query.response().complete();
            }
            return waitFor.thenApply(ignored -> answer.apply(query));
        }
    }
}
