package org.awsdns.examples.splithorizon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awsdns.testing.DnsAssertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awsdns.core.Response;
import org.awsdns.testing.Await;
import org.awsdns.testing.ChainRunner;
import org.awsdns.testing.ManualExecutor;
import org.awsdns.testing.Queries;
import org.awsdns.testing.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/** The plugin as the server runs it: created by its factory, its networks made by theirs, queried through a chain. */
class SplitHorizonPluginTest {
    private static final Map<String, Map<String, String>> NAMES = Map.of(
            "intranet.example.com.", Map.of("office", "10.1.0.10", "vpn", "10.8.0.10", "default", "203.0.113.10"),
            "v6.example.com.", Map.of("default", "2001:db8::10"));

    @TempDir
    Path directory;

    @Test
    void answersEachClientWithTheAddressOfItsView() throws Exception {
        Files.writeString(directory.resolve("offices.txt"), """
                # network   view
                10.0.0.0/8  vpn
                10.1.0.0/16 office
                """);
        try (TestPluginContext context = TestPluginContext.builder("split-horizon").baseDirectory(directory).build()) {
            Networks networks = new NetworksFactory().create("offices", new NetworksConfig("offices.txt", null), context);
            context.addResource("offices", networks);
            Await.until("the networks' first read", Duration.ofSeconds(10), networks::isReady);

            try (ChainRunner chain = chain(context)) {
                assertThat(chain.run(Queries.builder("intranet.example.com.", Type.A).client("10.1.2.3").build()))
                        .isNoerror().isAuthoritative().hasAnswer("intranet.example.com. 60 IN A 10.1.0.10").wasAnsweredBy("split-horizon");
                assertThat(chain.run(Queries.builder("INTRANET.example.com.", Type.A).client("10.200.0.1").build()))
                        .isNoerror().hasAnswer("INTRANET.example.com. 60 IN A 10.8.0.10");
                assertThat(chain.run(Queries.builder("intranet.example.com.", Type.A).client("192.0.2.7").build()))
                        .isNoerror().hasAnswer("intranet.example.com. 60 IN A 203.0.113.10");
                assertThat(chain.run(Queries.query("intranet.example.com.", Type.AAAA))).isNodata().hasAuthority();
                assertThat(chain.run(Queries.query("v6.example.com.", Type.AAAA))).hasAnswer("v6.example.com. 60 IN AAAA 2001:db8::10");
                assertThat(chain.run(Queries.query("other.example.com.", Type.A))).isNxdomain().wasAnsweredBy(null);
            }
            assertThat(context.metrics().count("split_horizon_answers", "view", "office")).isEqualTo(1);
            assertThat(context.metrics().count("split_horizon_answers", "view", "vpn")).isEqualTo(1);
            assertThat(context.metrics().count("split_horizon_answers", "view", "default")).isEqualTo(2);
            assertThat(context.metrics().gaugeValue("split_horizon_networks", "networks", "offices")).isEqualTo(2);
            assertThat(context.metrics().count("split_horizon_waits")).isZero();
        }
    }

    @Test
    void aQueryBeforeTheFirstReadWaitsForItInsteadOfGuessingTheView() throws Exception {
        Files.writeString(directory.resolve("offices.txt"), "10.1.0.0/16 office\n");
        try (TestPluginContext context = TestPluginContext.builder("split-horizon").baseDirectory(directory).manualExecutor().build()) {
            ManualExecutor executor = context.manualExecutor();
            context.addResource("offices", new NetworksFactory().create("offices", new NetworksConfig("offices.txt", null), context));

            try (ChainRunner chain = chain(context)) {
                CompletableFuture<Response> pending = chain.execute(Queries.builder("intranet.example.com.", Type.A).client("10.1.0.99").build());
                assertThat(pending).isNotDone();
                assertThat(context.metrics().count("split_horizon_waits")).isEqualTo(1);

                executor.runReady(); // the networks' read, queued by the resource at creation

                assertThat(pending).isDone();
                assertThat(pending.join()).isNoerror().hasAnswer("intranet.example.com. 60 IN A 10.1.0.10");
            }
        }
    }

    @Test
    void answersServfailWhenTheNetworksCannotBeReadNeverAnotherViewsAddress() throws Exception {
        try (TestPluginContext context = TestPluginContext.builder("split-horizon").baseDirectory(directory).manualExecutor().build()) {
            context.addResource("offices", new NetworksFactory().create("offices", new NetworksConfig("missing.txt", null), context));

            try (ChainRunner chain = chain(context)) {
                CompletableFuture<Response> pending = chain.execute(Queries.query("intranet.example.com.", Type.A));
                context.manualExecutor().runReady();

                assertThat(pending.join()).isServfail().hasEmptyAnswer();
            }
            assertThat(context.metrics().count("split_horizon_wait_failures")).isEqualTo(1);
            assertThat(context.metrics().count("split_horizon_load_failures", "networks", "offices")).isEqualTo(1);
            assertThat(context.resource("offices", Networks.class).orElseThrow().notReadyReason()).contains("missing.txt");
        }
    }

    @Test
    void aFailedReReadKeepsTheNetworksLastRead() throws Exception {
        Path file = Files.writeString(directory.resolve("offices.txt"), "10.1.0.0/16 office\n");
        try (TestPluginContext context = TestPluginContext.builder("split-horizon").baseDirectory(directory).manualExecutor().build()) {
            ManualExecutor executor = context.manualExecutor();
            context.addResource("offices",
                    new NetworksFactory().create("offices", new NetworksConfig("offices.txt", Duration.ofSeconds(30)), context));
            executor.runReady();

            try (ChainRunner chain = chain(context)) {
                Files.writeString(file, "this is not a network\n");
                executor.advance(Duration.ofSeconds(30));
                assertThat(chain.run(Queries.builder("intranet.example.com.", Type.A).client("10.1.0.1").build()))
                        .hasAnswer("intranet.example.com. 60 IN A 10.1.0.10");

                Files.writeString(file, "10.1.0.0/16 vpn\n");
                executor.advance(Duration.ofSeconds(30));
                assertThat(chain.run(Queries.builder("intranet.example.com.", Type.A).client("10.1.0.1").build()))
                        .hasAnswer("intranet.example.com. 60 IN A 10.8.0.10");
            }
            assertThat(context.metrics().count("split_horizon_load_failures", "networks", "offices")).isEqualTo(1);
        }
    }

    @Test
    void refusesUnknownNetworksNamingTheKnownOnes() {
        try (TestPluginContext context = TestPluginContext.builder("split-horizon").manualExecutor().build()) {
            context.addResource("offices", new NetworksFactory().create("offices", new NetworksConfig("offices.txt", null), context));

            assertThatThrownBy(() -> new SplitHorizonFactory().create(new SplitHorizonConfig("ofices", NAMES, null, null), context))
                    .hasMessageContaining("unknown networks 'ofices'").hasMessageContaining("[offices]");
        }
    }

    private static ChainRunner chain(TestPluginContext context) {
        return ChainRunner.builder().add(new SplitHorizonFactory(), new SplitHorizonConfig("offices", NAMES, null, null), context).build();
    }
}
