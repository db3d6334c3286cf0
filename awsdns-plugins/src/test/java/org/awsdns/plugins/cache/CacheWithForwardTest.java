package org.awsdns.plugins.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awsdns.testing.Records.lines;
import static org.awsdns.testing.Queries.query;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awsdns.core.Response;
import org.awsdns.plugins.forward.ForwardConfig;
import org.awsdns.plugins.forward.ForwardPlugin;
import org.awsdns.plugins.testing.unbound.ProcessResources;
import org.awsdns.plugins.testing.unbound.UdpProxy;
import org.awsdns.plugins.testing.unbound.Unbound;
import org.awsdns.testing.Await;
import org.awsdns.testing.ChainRunner;
import org.awsdns.testing.TestClock;
import org.awsdns.testing.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** cache in front of forward in front of a real unbound, counted at a proxy between them. */
class CacheWithForwardTest {
    @TempDir
    Path directory;

    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
    private final TestPluginContext cacheContext = TestPluginContext.builder("cache").clock(clock).build();
    private final TestPluginContext forwardContext = TestPluginContext.builder("forward").systemClock().build();
    private Unbound unbound;
    private UdpProxy proxy;
    private CachePlugin cache;
    private ForwardPlugin forward;
    private ChainRunner pipeline;

    @BeforeEach
    void start() throws Exception {
        unbound = Unbound.start(directory);
        proxy = new UdpProxy(unbound.address());
        cache = new CachePlugin(new CacheConfig(null, null, null, null, null, null,
                new PrefetchConfig(5, "10%"), Duration.ofHours(1), Duration.ofMillis(300)), cacheContext);
        forward = new ForwardPlugin(new ForwardConfig(List.of(proxy.hostPort()), null, null, null, null,
                Duration.ofMillis(200), Duration.ofMillis(800), null, null, null, null), forwardContext);
        pipeline = ChainRunner.of(cache, forward);
    }

    @AfterEach
    void stop() {
        forward.close();
        cache.close();
        proxy.close();
        unbound.close();
        assertThat(unbound.isAlive()).isFalse();
        forwardContext.close();
        cacheContext.close();
    }

    @Test
    void hundredConcurrentMissesMakeOneUpstreamQuery() throws Exception {
        proxy.delay(100); // within the 200 ms attempt timeout: all 100 arrive while the one query is out
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Response>> pending = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                pending.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(go);
                    return pipeline.execute(query("www.up.example.", Type.A)).toCompletableFuture();
                }, clients).thenCompose(stage -> stage));
            }
            go.countDown();
            for (CompletableFuture<Response> response : pending) {
                assertThat(lines(response.get(5, TimeUnit.SECONDS).answer())).containsExactly("www.up.example. 300 IN A 192.0.2.1");
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(proxy.queriesFor("www.up.example.")).isEqualTo(1);
    }

    @Test
    void prefetchIsSeenUpstreamBeforeTheEntryExpires() throws Exception {
        for (int i = 0; i < 6; i++) {
            pipeline.run(query("www.up.example.", Type.A));
        }
        assertThat(proxy.queriesFor("www.up.example.")).isEqualTo(1);

        clock.advance(Duration.ofSeconds(280));
        Response hit = pipeline.run(query("www.up.example.", Type.A));
        awaitUpstreamQueries("www.up.example.", 2);

        assertThat(lines(hit.answer())).containsExactly("www.up.example. 20 IN A 192.0.2.1");
        // the refreshed entry is stored when the upstream's reply is back: wait for it before moving time
        awaitAnswer("www.up.example. 300 IN A 192.0.2.1");
        clock.advance(Duration.ofSeconds(30)); // past the first entry's life: the refreshed one answers
        awaitAnswer("www.up.example. 270 IN A 192.0.2.1");
        assertThat(proxy.queriesFor("www.up.example.")).isEqualTo(2);
    }

    @Test
    void upstreamStoppedMidTestCachedNamesAnswerStaleOthersServfailWithinTheDeadline() throws Exception {
        Response before = pipeline.run(query("www.up.example.", Type.A));
        assertThat(lines(before.answer())).containsExactly("www.up.example. 300 IN A 192.0.2.1");
        List<String> threadNamesBefore = ProcessResources.threadNames();
        long filesBefore = ProcessResources.openFiles();

        unbound.close();
        assertThat(unbound.isAlive()).isFalse();
        clock.advance(Duration.ofMinutes(10));

        Response stale = pipeline.run(query("www.up.example.", Type.A));
        long start = System.nanoTime();
        Response uncached = pipeline.run(query("www2.up.example.", Type.A));
        long uncachedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(stale.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(lines(stale.answer())).containsExactly("www.up.example. 30 IN A 192.0.2.1");
        assertThat(uncached.rcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(uncached.answer()).isEmpty();
        assertThat(uncachedMillis).isLessThanOrEqualTo(1500);
        assertThat(ProcessResources.openFiles()).isLessThanOrEqualTo(filesBefore + 3);
        ProcessResources.awaitSettledBack(threadNamesBefore, filesBefore, 2);
    }

    private void awaitUpstreamQueries(String name, long count) {
        Await.until(count + " upstream queries for " + name, Duration.ofSeconds(10), () -> proxy.queriesFor(name) >= count);
        assertThat(proxy.queriesFor(name)).isEqualTo(count);
    }

    private void awaitAnswer(String expected) {
        Await.untilAsserted(Duration.ofSeconds(10), () ->
                assertThat(lines(pipeline.run(query("www.up.example.", Type.A)).answer())).containsExactly(expected));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
