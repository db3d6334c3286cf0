package org.awsdns.plugins.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awsdns.testing.Queries.query;
import static org.awsdns.testing.Records.lines;
import static org.awsdns.testing.Records.record;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awsdns.core.Plugin;
import org.awsdns.core.Response;
import org.awsdns.plugins.testing.unbound.ProcessResources;
import org.awsdns.plugins.testing.unbound.UdpProxy;
import org.awsdns.plugins.testing.unbound.Unbound;
import org.awsdns.testing.Await;
import org.awsdns.testing.ChainRunner;
import org.awsdns.testing.Queries;
import org.awsdns.testing.RecordingMetrics;
import org.awsdns.testing.TestPluginContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** The forward plugin against a real unbound on loopback. */
class ForwardPluginTest {
    @TempDir
    static Path directory;
    static Unbound unbound;

    private final List<AutoCloseable> closeLater = new ArrayList<>();

    @BeforeAll
    static void startUnbound() throws Exception {
        unbound = Unbound.start(directory);
    }

    @AfterAll
    static void stopUnbound() throws Exception {
        unbound.close();
        assertThat(unbound.isAlive()).isFalse();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeLater.size() - 1; i >= 0; i--) {
            closeLater.get(i).close();
        }
    }

    @Test
    void answersWithTheUpstreamsRcodeSectionsAndTtlsButNotItsAuthority() {
        Response response = forwarding(config(unbound.hostPort())).run(query("www.up.example.", Type.A));

        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.authoritative()).as("unbound is authoritative for up.example; a relayed answer is not ours")
                .isFalse();
        assertThat(lines(response.answer())).containsExactly("www.up.example. 300 IN A 192.0.2.1");
        assertThat(response.authority()).isEmpty();
        assertThat(response.additional()).isEmpty();
    }

    @Test
    void answersNxdomainWithTheUpstreamsSoa() {
        Response response = forwarding(config(unbound.hostPort())).run(query("nothing.up.example.", Type.A));

        assertThat(response.rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(response.answer()).isEmpty();
        assertThat(lines(response.authority())).containsExactly(Unbound.NEGATIVE_SOA);
    }

    @Test
    void answersNodataForANameWithOtherTypes() {
        Response response = forwarding(config(unbound.hostPort())).run(query("text.up.example.", Type.A));

        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.answer()).isEmpty();
        assertThat(lines(response.authority())).containsExactly(Unbound.NEGATIVE_SOA);
    }

    @Test
    void answersACnameChainWhole() {
        Response response = forwarding(config(unbound.hostPort())).run(query("alias.up.example.", Type.A));

        assertThat(lines(response.answer())).containsExactly(
                "alias.up.example. 600 IN CNAME alias2.up.example.",
                "alias2.up.example. 120 IN CNAME www.up.example.",
                "www.up.example. 300 IN A 192.0.2.1");
    }

    @Test
    void retriesATruncatedUdpAnswerOverTcpAndGetsAllOfIt() {
        ForwardPlugin plugin = forwardPlugin(config(unbound.hostPort()));
        Response response = ChainRunner.of(plugin).run(query("big.up.example.", Type.A));

        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.answer()).hasSize(Unbound.BIG_RRSET_SIZE);
        assertThat(metrics().count("forward_upstream_truncated", "upstream", unbound.hostPort())).isEqualTo(1);
        assertThat(metrics().count("forward_upstream_queries", "upstream", unbound.hostPort(), "proto", "udp")).isEqualTo(1);
        assertThat(metrics().count("forward_upstream_queries", "upstream", unbound.hostPort(), "proto", "tcp")).isEqualTo(1);
    }

    @Test
    void forceTcpNeverUsesUdp() {
        ForwardConfig config = new ForwardConfig(List.of(unbound.hostPort()), null, null, null, true, null, null, null, null, null, null);
        Response response = forwarding(config).run(query("www.up.example.", Type.A));

        assertThat(lines(response.answer())).containsExactly("www.up.example. 300 IN A 192.0.2.1");
        assertThat(metrics().count("forward_upstream_queries", "upstream", unbound.hostPort(), "proto", "udp")).isZero();
        assertThat(metrics().count("forward_upstream_queries", "upstream", unbound.hostPort(), "proto", "tcp")).isEqualTo(1);
    }

    @Test
    void carriesRdDoAndCdUpstreamWithItsOwnEdnsSize() throws Exception {
        UdpProxy proxy = proxy();
        ChainRunner pipeline = forwarding(config(proxy.hostPort()));

        pipeline.run(Queries.builder("www.up.example.", Type.A).dnssecOk().checkingDisabled().build());
        pipeline.run(query("www2.up.example.", Type.A));

        Message withBits = proxy.queries().get(0);
        assertThat(withBits.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(withBits.getHeader().getFlag(Flags.CD)).isTrue();
        assertThat(withBits.getOPT().getFlags() & ExtendedFlags.DO).isEqualTo(ExtendedFlags.DO);
        assertThat(withBits.getOPT().getPayloadSize()).isEqualTo(1232);
        Message without = proxy.queries().get(1);
        assertThat(without.getHeader().getFlag(Flags.CD)).isFalse();
        assertThat(without.getOPT().getFlags() & ExtendedFlags.DO).isZero();
    }

    @Test
    void eachQueryGetsAFreshIdAndSourcePort() throws Exception {
        UdpProxy proxy = proxy();
        ChainRunner pipeline = forwarding(config(proxy.hostPort()));
        for (int i = 0; i < 20; i++) {
            pipeline.run(query("www.up.example.", Type.A));
        }

        assertThat(proxy.queries().stream().map(q -> q.getHeader().getID()).distinct().count()).isGreaterThan(15);
        assertThat(proxy.sourcePorts().stream().distinct().count()).isGreaterThan(15);
    }

    @Test
    void dropsAReplyWithAnotherIdAndWaitsForTheRealOne() throws Exception {
        UdpProxy proxy = proxy().mode(UdpProxy.Mode.FORGE_THEN_FORWARD).delay(50);
        Response response = forwarding(config(proxy.hostPort())).run(query("www.up.example.", Type.A));

        assertThat(lines(response.answer())).containsExactly("www.up.example. 300 IN A 192.0.2.1");
        assertThat(metrics().count("forward_mismatched_replies")).isEqualTo(1);
    }

    @Test
    void nxdomainFallsThroughToTheNextPluginWithoutLeakingTheUpstreamAnswer() {
        ForwardConfig config = new ForwardConfig(List.of(unbound.hostPort()), null, List.of("NXDOMAIN"), null, null, null, null, null, null, null, null);
        ChainRunner pipeline = ChainRunner.of(forwardPlugin(config), answering("192.0.2.99"));

        Response unknown = pipeline.run(query("ec2-only.up.example.", Type.A));
        Response known = pipeline.run(query("www.up.example.", Type.A));
        Response nodata = pipeline.run(query("text.up.example.", Type.A));

        assertThat(unknown.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(lines(unknown.answer())).containsExactly("ec2-only.up.example. 60 IN A 192.0.2.99");
        assertThat(unknown.authority()).isEmpty();
        assertThat(lines(known.answer())).containsExactly("www.up.example. 300 IN A 192.0.2.1");
        assertThat(nodata.answer()).isEmpty();
        assertThat(lines(nodata.authority())).containsExactly(Unbound.NEGATIVE_SOA);
    }

    @Test
    void nodataFallsThroughWhenListed() {
        ForwardConfig config = new ForwardConfig(List.of(unbound.hostPort()), null, List.of("nxdomain", "nodata"), null, null, null, null, null, null, null, null);
        Response response = ChainRunner.of(forwardPlugin(config), answering("192.0.2.98")).run(query("text.up.example.", Type.A));

        assertThat(lines(response.answer())).containsExactly("text.up.example. 60 IN A 192.0.2.98");
        assertThat(response.authority()).isEmpty();
    }

    @Test
    void exceptedZonesPassWithoutForwarding() throws Exception {
        UdpProxy proxy = proxy();
        ForwardConfig config = new ForwardConfig(List.of(proxy.hostPort()), null, null, List.of("internal.example"), null, null, null, null, null, null, null);
        Response response = ChainRunner.of(forwardPlugin(config), answering("192.0.2.97")).run(query("db.internal.example.", Type.A));

        assertThat(lines(response.answer())).containsExactly("db.internal.example. 60 IN A 192.0.2.97");
        assertThat(proxy.queries()).isEmpty();
    }

    @Test
    void silentUpstreamGivesServfailAtTheDeadlineAfterTimedAttempts() throws Exception {
        UdpProxy proxy = proxy().mode(UdpProxy.Mode.DROP);
        ForwardConfig config = new ForwardConfig(List.of(proxy.hostPort()), null, null, null, null,
                Duration.ofMillis(200), Duration.ofMillis(700), 0, null, null, null);
        ChainRunner pipeline = forwarding(config);

        long start = System.nanoTime();
        Response response = pipeline.run(query("www.up.example.", Type.A));
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(response.rcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(elapsedMillis).isBetween(650L, 1500L);
        assertThat(proxy.queries()).hasSizeBetween(3, 4); // 200 + 200 + 200 + what is left of the 700 ms
        assertThat(metrics().count("forward_upstream_timeouts", "upstream", proxy.hostPort())).isEqualTo(proxy.queries().size());
        assertThat(metrics().count("forward_failed_over", "reason", "deadline")).isEqualTo(1);
        assertThat(metrics().count("forward_servfail", "reason", "deadline")).isZero();
    }

    @Test
    void withNoUpstreamAnsweringTheNextPluginStillAnswersWhatItKnowsAndTheRestIsServfail(@TempDir Path doomedDirectory)
            throws Exception {
        Unbound doomed = Unbound.start(doomedDirectory);
        ForwardConfig config = new ForwardConfig(List.of(doomed.hostPort()), null, List.of("NXDOMAIN"), null, null,
                Duration.ofMillis(300), Duration.ofSeconds(1), null, null, null, null);
        ChainRunner pipeline = ChainRunner.of(forwardPlugin(config), answeringOnly("ec2-only.up.example.", "192.0.2.99"));
        doomed.close();

        long start = System.nanoTime();
        Response known = pipeline.run(query("ec2-only.up.example.", Type.A));
        Response forwarded = pipeline.run(query("www.up.example.", Type.A));
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(known.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(lines(known.answer())).containsExactly("ec2-only.up.example. 60 IN A 192.0.2.99");
        assertThat(forwarded.rcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(forwarded.answer()).isEmpty();
        assertThat(elapsedMillis).isLessThan(2 * 1000 + 1000);
        assertThat(metrics().count("forward_failed_over", "reason", "unreachable")
                + metrics().count("forward_failed_over", "reason", "deadline")
                + metrics().count("forward_failed_over", "reason", "all_down")).isEqualTo(2);
    }

    @Test
    void upstreamsThatRefuseEveryQueryArePassedOnAsIfTheyWereDown(@TempDir Path refusingDirectory) throws Exception {
        Unbound refusing = Unbound.startRefusing(refusingDirectory);
        closeLater.add(refusing);
        ForwardConfig config = new ForwardConfig(List.of(refusing.hostPort()), null, List.of("NXDOMAIN"), null, null,
                Duration.ofMillis(300), Duration.ofMillis(600), null, null, null, null);
        ChainRunner pipeline = ChainRunner.of(forwardPlugin(config), answeringOnly("ec2-only.up.example.", "192.0.2.99"));

        Response known = pipeline.run(query("ec2-only.up.example.", Type.A));
        Response forwarded = pipeline.run(query("www.up.example.", Type.A));

        assertThat(lines(known.answer())).containsExactly("ec2-only.up.example. 60 IN A 192.0.2.99");
        assertThat(forwarded.rcode()).isEqualTo(Rcode.SERVFAIL);
        // unbound's REFUSED carries no question, so it is dropped as not matching (RFC 5452) and
        // the attempt times out: counted as deadline or all_down rather than upstream_error
        assertThat(List.of("upstream_error", "deadline", "all_down", "unreachable").stream()
                .mapToLong(reason -> metrics().count("forward_failed_over", "reason", reason)).sum()).isEqualTo(2);
        assertThat(metrics().count("forward_servfail", "reason", "deadline")).isZero();
    }

    @Test
    void onFailureServfailAnswersAtOnceWithoutTheRestOfTheChain() throws Exception {
        UdpProxy proxy = proxy().mode(UdpProxy.Mode.DROP);
        ForwardConfig config = new ForwardConfig(List.of(proxy.hostPort()), null, List.of("NXDOMAIN"), null, null,
                Duration.ofMillis(200), Duration.ofMillis(400), 0, null, null, null, "servfail");
        ChainRunner pipeline = ChainRunner.builder()
                .add("forward", forwardPlugin(config))
                .add("ec2", answeringOnly("ec2-only.up.example.", "192.0.2.99"))
                .build();

        Response response = pipeline.run(query("ec2-only.up.example.", Type.A));

        assertThat(response.rcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(response.answer()).isEmpty();
        assertThat(response.answeredBy()).isEqualTo("forward"); // not the plugin after it
        assertThat(metrics().count("forward_servfail", "reason", "deadline")).isEqualTo(1);
        assertThat(metrics().count("forward_failed_over", "reason", "deadline")).isZero();
    }

    @Test
    void slowUpstreamWithinTheTimeoutStillAnswers() throws Exception {
        UdpProxy proxy = proxy().delay(300);
        ForwardConfig config = new ForwardConfig(List.of(proxy.hostPort()), null, null, null, null,
                Duration.ofSeconds(1), null, null, null, null, null);

        Response response = forwarding(config).run(query("www.up.example.", Type.A));

        assertThat(lines(response.answer())).containsExactly("www.up.example. 300 IN A 192.0.2.1");
        assertThat(proxy.queries()).hasSize(1);
    }

    @Test
    void failedUpstreamIsMarkedDownFailsFastAndComesBackWhenAProbeIsAnswered() throws Exception {
        UdpProxy proxy = proxy().mode(UdpProxy.Mode.DROP);
        ForwardConfig config = new ForwardConfig(List.of(proxy.hostPort()), null, null, null, null,
                Duration.ofMillis(100), Duration.ofMillis(1000), 2, Duration.ofMillis(100), null, null);
        ChainRunner pipeline = forwarding(config);

        Response first = pipeline.run(query("www.up.example.", Type.A)); // two timeouts mark it down
        long start = System.nanoTime();
        Response whileDown = pipeline.run(query("www.up.example.", Type.A));
        long downMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(first.rcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(whileDown.rcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(downMillis).isLessThan(100); // no attempt: nothing waits for a timeout
        assertThat(metrics().gaugeValue("forward_upstream_healthy", "upstream", proxy.hostPort())).isEqualTo(0);
        assertThat(metrics().count("forward_failed_over", "reason", "all_down")).isEqualTo(2);

        proxy.mode(UdpProxy.Mode.FORWARD);
        awaitHealthy(proxy.hostPort());

        assertThat(proxy.queries().stream().anyMatch(q -> q.getQuestion().getType() == Type.NS)).isTrue();
        assertThat(lines(pipeline.run(query("www.up.example.", Type.A)).answer())).containsExactly("www.up.example. 300 IN A 192.0.2.1");
    }

    @Test
    void sequentialPolicyFailsOverToTheNextUpstream() throws Exception {
        UdpProxy silent = proxy().mode(UdpProxy.Mode.DROP);
        ForwardConfig config = new ForwardConfig(List.of(silent.hostPort(), unbound.hostPort()), "sequential", null, null, null,
                Duration.ofMillis(100), null, null, null, null, null);

        Response response = forwarding(config).run(query("www.up.example.", Type.A));

        assertThat(lines(response.answer())).containsExactly("www.up.example. 300 IN A 192.0.2.1");
        assertThat(silent.queries()).hasSize(1);
    }

    @Test
    void roundRobinPolicyTakesTurns() throws Exception {
        UdpProxy first = proxy();
        UdpProxy second = proxy();
        ForwardConfig config = new ForwardConfig(List.of(first.hostPort(), second.hostPort()), "round_robin", null, null, null,
                null, null, null, null, null, null);
        ChainRunner pipeline = forwarding(config);
        for (int i = 0; i < 6; i++) {
            pipeline.run(query("www.up.example.", Type.A));
        }

        assertThat(first.queries()).hasSize(3);
        assertThat(second.queries()).hasSize(3);
    }

    @Test
    void aboveMaxConcurrentAnswersServfailAtOnce() throws Exception {
        UdpProxy silent = proxy().mode(UdpProxy.Mode.DROP);
        ForwardConfig config = new ForwardConfig(List.of(silent.hostPort()), null, null, null, null,
                Duration.ofMillis(500), Duration.ofMillis(500), 0, null, 2, null);
        ChainRunner pipeline = forwarding(config);

        CompletableFuture<Response> one = pipeline.execute(query("host1.up.example.", Type.A)).toCompletableFuture();
        CompletableFuture<Response> two = pipeline.execute(query("host2.up.example.", Type.A)).toCompletableFuture();
        CompletableFuture<Response> three = pipeline.execute(query("host3.up.example.", Type.A)).toCompletableFuture();

        assertThat(three).isDone();
        assertThat(three.join().rcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(one).isNotDone();
        assertThat(metrics().count("forward_failed_over", "reason", "overload")).isEqualTo(1);
        assertThat(one.get(2, TimeUnit.SECONDS).rcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(two.get(2, TimeUnit.SECONDS).rcode()).isEqualTo(Rcode.SERVFAIL);
    }

    @Test
    void stoppedUpstreamGivesServfailQuickly(@TempDir Path doomedDirectory) throws Exception {
        Unbound doomed = Unbound.start(doomedDirectory);
        ChainRunner pipeline = forwarding(config(doomed.hostPort()));
        assertThat(lines(pipeline.run(query("www.up.example.", Type.A)).answer())).hasSize(1);

        doomed.close();
        assertThat(doomed.isAlive()).isFalse();
        long start = System.nanoTime();
        Response response = pipeline.run(query("www2.up.example.", Type.A));

        assertThat(response.rcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(ForwardConfig.DEFAULT_DEADLINE.toMillis());
    }

    @Test
    void leavesNoThreadOrSocketBehind() throws Exception {
        UdpProxy silent = proxy().mode(UdpProxy.Mode.DROP);
        TestPluginContext context = context();
        ChainRunner.builder().build().run(query("warm.up.example.", Type.A));
        List<String> threadsBefore = ProcessResources.threadNames();
        long filesBefore = ProcessResources.openFiles();

        for (int round = 0; round < 3; round++) {
            ForwardConfig config = new ForwardConfig(List.of(unbound.hostPort(), silent.hostPort()), "round_robin", null, null, null,
                    Duration.ofMillis(100), Duration.ofMillis(300), 0, null, null, null);
            ForwardPlugin plugin = new ForwardPlugin(config, context);
            ChainRunner pipeline = ChainRunner.of(plugin);
            List<CompletableFuture<Response>> pending = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                pending.add(pipeline.execute(query("host" + i + ".up.example.", Type.A)).toCompletableFuture());
            }
            pending.add(pipeline.execute(query("big.up.example.", Type.A)).toCompletableFuture());
            // some left in flight on purpose: close() must release their sockets too
            pending.get(0).get(5, TimeUnit.SECONDS);
            plugin.close();
            for (CompletableFuture<Response> future : pending) {
                assertThat(future.get(5, TimeUnit.SECONDS)).isNotNull();
            }
        }

        // at once, not after a wait: a socket left open would only be closed later by the GC's cleaner
        assertThat(ProcessResources.openFiles()).isLessThanOrEqualTo(filesBefore + 3);
        ProcessResources.awaitSettledBack(threadsBefore, filesBefore, 2);
    }

    // --- helpers

    private TestPluginContext context;

    private TestPluginContext context() {
        if (context == null) {
            context = TestPluginContext.builder("forward").systemClock().build();
            closeLater.add(context);
        }
        return context;
    }

    private RecordingMetrics metrics() {
        return context().metrics();
    }

    private static ForwardConfig config(String upstream) {
        return new ForwardConfig(List.of(upstream), null, null, null, null, null, null, null, null, null, null);
    }

    private ForwardPlugin forwardPlugin(ForwardConfig config) {
        try {
            ForwardPlugin plugin = new ForwardPlugin(config, context());
            closeLater.add(plugin);
            return plugin;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ChainRunner forwarding(ForwardConfig config) {
        return ChainRunner.of(forwardPlugin(config));
    }

    private UdpProxy proxy() throws Exception {
        UdpProxy proxy = new UdpProxy(unbound.address());
        closeLater.add(proxy);
        return proxy;
    }

    private void awaitHealthy(String upstream) {
        Await.untilAsserted(Duration.ofSeconds(10), () ->
                assertThat(metrics().gaugeValue("forward_upstream_healthy", "upstream", upstream)).isEqualTo(1));
    }

    /** A plugin after forward that answers {@code name} A with {@code address}, TTL 60, and passes the rest on. */
    static Plugin answeringOnly(String name, String address) {
        return (query, next) -> query.name().toString().equals(name)
                ? query.response().addAnswer(record(name + " 60 IN A " + address)).complete()
                : next.proceed(query);
    }

    /** A plugin after forward that answers every A query with {@code address}, TTL 60. */
    static Plugin answering(String address) {
        AtomicInteger ignored = new AtomicInteger();
        return (query, next) -> {
            ignored.incrementAndGet();
            return query.response().addAnswer(record(query.name() + " 60 IN A " + address)).complete();
        };
    }
}
