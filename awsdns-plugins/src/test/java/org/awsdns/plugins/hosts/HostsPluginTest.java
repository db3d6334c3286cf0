package org.awsdns.plugins.hosts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awsdns.testing.Queries.name;
import static org.awsdns.testing.Queries.query;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awsdns.core.NamedPlugin;
import org.awsdns.core.Plugin;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.awsdns.testing.Await;
import org.awsdns.testing.ChainRunner;
import org.awsdns.testing.CountingPlugin;
import org.awsdns.testing.Queries;
import org.awsdns.testing.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class HostsPluginTest {
    private static final List<String> ENTRIES = List.of(
            "10.0.0.10 bootstrapper-test.demo.internal bt  # the bootstrapper",
            "fd00::10 bootstrapper-test.demo.internal",
            "10.0.0.21 web.demo.internal web-1.demo.internal",
            "10.0.0.22 web.demo.internal web-2.demo.internal",
            "10.0.0.23 web.demo.internal web-2.demo.internal");

    @TempDir
    Path directory;

    private TestPluginContext context;
    private Plugin plugin;

    @AfterEach
    void closePlugin() {
        if (plugin != null) {
            plugin.close();
        }
        if (context != null) {
            context.close();
        }
    }

    @Test
    void answersAWithAuthority() throws Exception {
        Response response = runHosts(hosts(ENTRIES, null), query("bootstrapper-test.demo.internal.", Type.A));

        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.authoritative()).isTrue();
        assertThat(response.answer()).containsExactly(a("bootstrapper-test.demo.internal.", "10.0.0.10"));
        assertThat(response.authority()).isEmpty();
        assertThat(response.additional()).isEmpty();
        assertThat(response.answeredBy()).isEqualTo("hosts");
    }

    @Test
    void answersAliasOfLineMadeAbsolute() throws Exception {
        Response response = runHosts(hosts(ENTRIES, null), query("bt.", Type.A));

        assertThat(response.answer()).containsExactly(a("bt.", "10.0.0.10"));
    }

    @Test
    void answersAaaa() throws Exception {
        Response response = runHosts(hosts(ENTRIES, null), query("bootstrapper-test.demo.internal.", Type.AAAA));

        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.authoritative()).isTrue();
        assertThat(response.answer()).containsExactly(aaaa("bootstrapper-test.demo.internal.", "fd00::10"));
    }

    @Test
    void answersEveryAddressOfNameNamedOnSeveralLines() throws Exception {
        Response response = runHosts(hosts(ENTRIES, null), query("web.demo.internal.", Type.A));

        assertThat(response.answer()).containsExactly(
                a("web.demo.internal.", "10.0.0.21"),
                a("web.demo.internal.", "10.0.0.22"),
                a("web.demo.internal.", "10.0.0.23"));
    }

    @Test
    void answersAnyWithAAndAaaa() throws Exception {
        Response response = runHosts(hosts(ENTRIES, null), query("bootstrapper-test.demo.internal.", Type.ANY));

        assertThat(response.answer()).containsExactly(
                a("bootstrapper-test.demo.internal.", "10.0.0.10"),
                aaaa("bootstrapper-test.demo.internal.", "fd00::10"));
    }

    @Test
    void matchesNamesCaseInsensitively() throws Exception {
        Response response = runHosts(
                hosts(List.of("10.0.0.30 Mixed.Demo.Internal"), null), query("mIXED.dEMO.iNTERNAL.", Type.A));

        assertThat(response.answer()).containsExactly(a("mixed.demo.internal.", "10.0.0.30"));
        assertThat(response.answer().get(0).getTTL()).isEqualTo(HostsConfig.DEFAULT_TTL);
    }

    @Test
    void usesConfiguredTtl() throws Exception {
        Response response = runHosts(
                new HostsConfig(List.of("10.0.0.30 ttl.demo.internal"), null, 60L, null), query("ttl.demo.internal.", Type.A));

        assertThat(response.answer()).extracting(Record::getTTL).containsExactly(60L);
    }

    @Test
    void answersPtrForIpv4WithCanonicalName() throws Exception {
        Response response = runHosts(hosts(ENTRIES, null), query("10.0.0.10.in-addr.arpa.", Type.PTR));

        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.authoritative()).isTrue();
        assertThat(response.answer()).containsExactly(
                ptr("10.0.0.10.in-addr.arpa.", "bootstrapper-test.demo.internal."));
        assertThat(response.answeredBy()).isEqualTo("hosts");
    }

    @Test
    void answersPtrForIpv6() throws Exception {
        String reverse = "0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa.";
        Response response = runHosts(hosts(ENTRIES, null), query(reverse, Type.PTR));

        assertThat(response.answer()).containsExactly(ptr(reverse, "bootstrapper-test.demo.internal."));
    }

    @Test
    void passesMalformedReverseNames() throws Exception {
        HostsConfig config = hosts(ENTRIES, null);
        for (String reverse : List.of(
                "0.0.10.in-addr.arpa.",                   // three labels
                "010.0.0.10.in-addr.arpa.",               // leading zero
                "266.0.0.10.in-addr.arpa.",               // out of range
                "x.10.0.0.10.in-addr.arpa.",              // five labels
                "10.0.0.10.in-addr.arpa.demo.internal.",  // not under in-addr.arpa
                "10.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa.", // two-digit label
                "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa.")) { // 30 nibbles
            CountingPlugin after = new CountingPlugin();
            Response response = runHosts(config, query(reverse, Type.PTR), after);

            assertThat(after.calls()).as(reverse).isEqualTo(1);
            assertThat(response.rcode()).as(reverse).isEqualTo(Rcode.NXDOMAIN);
            assertThat(response.answer()).as(reverse).isEmpty();
            assertThat(response.authoritative()).as(reverse).isFalse();
            assertThat(response.answeredBy()).as(reverse).isNull();
        }
    }

    @Test
    void answersNodataForOtherTypeOfKnownNameAndPasses() throws Exception {
        CountingPlugin after = new CountingPlugin();
        Query query = query("bootstrapper-test.demo.internal.", Type.MX);
        Response response = runHosts(hosts(ENTRIES, null), query, after);

        assertThat(after.calls()).isEqualTo(1);
        assertThat(response.nameExists()).isTrue();
        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.answer()).isEmpty();
        assertThat(response.answeredBy()).isNull();
    }

    @Test
    void answersNodataForAaaaOfIpv4OnlyName() throws Exception {
        Response response = runHosts(hosts(ENTRIES, null), query("web.demo.internal.", Type.AAAA));

        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.answer()).isEmpty();
    }

    @Test
    void passesUnknownNameUnchangedToNextPlugin() throws Exception {
        CountingPlugin after = new CountingPlugin();
        Response response = runHosts(hosts(ENTRIES, null), query("unknown.demo.internal.", Type.A), after);

        assertThat(after.calls()).isEqualTo(1);
        assertThat(response.rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(response.nameExists()).isFalse();
        assertThat(response.authoritative()).isFalse();
        assertThat(response.answer()).isEmpty();
        assertThat(response.answeredBy()).isNull();
    }

    @Test
    void passesClassOtherThanIn() throws Exception {
        CountingPlugin after = new CountingPlugin();
        Response response = runHosts(
                hosts(ENTRIES, null), Queries.builder("bootstrapper-test.demo.internal.", Type.A).dclass(DClass.CH).build(), after);

        assertThat(after.calls()).isEqualTo(1);
        assertThat(response.answer()).isEmpty();
        assertThat(response.rcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void loadsFileSkippingCommentsAndCountingInvalidLines() throws Exception {
        Files.writeString(directory.resolve("hosts"), String.join("\n",
                "# a comment",
                "",
                "   10.0.1.1   one.demo.internal   # trailing comment",
                "10.0.1.300 bad-address.demo.internal",
                "10.0.1.2",
                "10.0.1.3 bad..name",
                "fd00::1:2 one.demo.internal",
                "10.0.1.4\tTwo.demo.internal\ttwo") + "\n", UTF_8);
        // Relative: resolved against the context's base directory.
        HostsConfig config = hosts(List.of("10.0.1.9 inline.demo.internal"), "hosts");

        assertThat(runHosts(config, query("one.demo.internal.", Type.ANY)).answer()).containsExactly(
                a("one.demo.internal.", "10.0.1.1"), aaaa("one.demo.internal.", "fd00::1:2"));
        assertThat(runHosts(config, query("two.", Type.A)).answer()).containsExactly(a("two.", "10.0.1.4"));
        assertThat(runHosts(config, query("inline.demo.internal.", Type.A)).answer())
                .containsExactly(a("inline.demo.internal.", "10.0.1.9"));
        Response bad = runHosts(config, query("bad-address.demo.internal.", Type.A));
        assertThat(bad.rcode()).isEqualTo(Rcode.NXDOMAIN);

        assertThat(context.metrics().gaugeValue(HostsMetrics.INVALID_LINES)).isEqualTo(3);
        assertThat(context.metrics().gaugeValue(HostsMetrics.ENTRIES)).isEqualTo(5);
    }

    @Test
    void reloadsFileWhenItChanges() throws Exception {
        Path file = directory.resolve("hosts");
        Files.writeString(file, "10.0.2.1 moving.demo.internal\n", UTF_8);
        HostsConfig config = new HostsConfig(null, file.toString(), null, Duration.ofMillis(50));
        Pipe pipe = start(config);
        assertThat(pipe.run(query("moving.demo.internal.", Type.A)).answer())
                .containsExactly(a("moving.demo.internal.", "10.0.2.1"));

        Files.writeString(file, "10.0.2.222 moving.demo.internal\n10.0.2.3 new.demo.internal\n", UTF_8);

        Await.until("the changed file served", Duration.ofSeconds(10),
                () -> pipe.run(query("moving.demo.internal.", Type.A)).answer().equals(List.of(a("moving.demo.internal.", "10.0.2.222"))));
        assertThat(pipe.run(query("moving.demo.internal.", Type.A)).answer()).containsExactly(a("moving.demo.internal.", "10.0.2.222"));
        assertThat(pipe.run(query("new.demo.internal.", Type.A)).answer())
                .containsExactly(a("new.demo.internal.", "10.0.2.3"));
        assertThat(context.metrics().countAll(HostsMetrics.RELOADS)).isEqualTo(1);
        assertThat(context.metrics().countAll(HostsMetrics.RELOAD_FAILURES)).isZero();
    }

    @Test
    void keepsLastGoodIndexWhenFileCannotBeRead() throws Exception {
        Path file = directory.resolve("hosts");
        Files.writeString(file, "10.0.3.1 kept.demo.internal\n", UTF_8);
        Pipe pipe = start(new HostsConfig(null, file.toString(), null, Duration.ofMillis(50)));

        Files.delete(file);

        Await.until("a failed reload", Duration.ofSeconds(10), () -> context.metrics().countAll(HostsMetrics.RELOAD_FAILURES) > 0);
        assertThat(context.metrics().countAll(HostsMetrics.RELOAD_FAILURES)).isPositive();
        assertThat(pipe.run(query("kept.demo.internal.", Type.A)).answer())
                .containsExactly(a("kept.demo.internal.", "10.0.3.1"));
        assertThat(context.metrics().gaugeValue(HostsMetrics.ENTRIES)).isEqualTo(1);
    }

    @Test
    void doesNotCheckFileWhenReloadIsZero() throws Exception {
        Path file = directory.resolve("hosts");
        Files.writeString(file, "10.0.4.1 fixed.demo.internal\n", UTF_8);
        start(new HostsConfig(null, file.toString(), null, Duration.ZERO));

        assertThat(context.scheduledTasks()).isZero();
    }

    @Test
    void cancelsFileCheckOnClose() throws Exception {
        Path file = directory.resolve("hosts");
        Files.writeString(file, "10.0.4.1 checked.demo.internal\n", UTF_8);
        start(new HostsConfig(null, file.toString(), null, Duration.ofSeconds(5)));
        assertThat(context.scheduledTasks()).isEqualTo(1);

        plugin.close();

        assertThat(context.scheduledTasks()).isZero();
    }

    @Test
    void rejectsInvalidInlineEntry() {
        assertThatThrownBy(() -> hosts(List.of("10.0.0.1 ok.demo.internal", "10.0.0.256 bad.demo.internal"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entries[1]")
                .hasMessageContaining("not an IP address: 10.0.0.256");
        assertThatThrownBy(() -> hosts(List.of("10.0.0.1"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no name after the address 10.0.0.1");
        assertThatThrownBy(() -> hosts(List.of("# only a comment"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entries[0]");
        assertThatThrownBy(() -> hosts(List.of("fe80::1%eth0 scoped"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zone indexes are not supported");
        assertThatThrownBy(() -> hosts(List.of("10.0.0.1 under_score ok bad/slash"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("character '/'");
    }

    @Test
    void rejectsConfigWithoutEntriesOrFile() {
        assertThatThrownBy(() -> new HostsConfig(null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hosts: give entries, file, or both");
        assertThatThrownBy(() -> new HostsConfig(List.of("10.0.0.1 a"), null, -1L, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
        assertThatThrownBy(() -> new HostsConfig(List.of("10.0.0.1 a"), null, null, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reload");
    }

    @Test
    void failsToStartWhenFileIsMissing() {
        context = TestPluginContext.builder("hosts").baseDirectory(directory).systemClock().build();
        assertThatThrownBy(() -> new HostsFactory().create(hosts(List.of(), "missing"), context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hosts: cannot read file " + directory.resolve("missing") + ": no such file");
    }

    @Test
    void registersMetricsAtCreate() throws Exception {
        start(hosts(ENTRIES, null));

        assertThat(context.metrics().gaugeValue(HostsMetrics.ENTRIES)).isEqualTo(9);
        assertThat(context.metrics().gaugeValue(HostsMetrics.INVALID_LINES)).isEqualTo(0);
        assertThat(context.metrics().hasCounter(HostsMetrics.RELOAD_FAILURES)).isTrue();
    }

    // --- helpers

    private static HostsConfig hosts(List<String> entries, String file) {
        return new HostsConfig(entries, file, null, null);
    }

    /** A started plugin in a one-plugin chain, reused across queries. */
    private final class Pipe {
        private final NamedPlugin[] chain;

        Pipe(NamedPlugin... chain) {
            this.chain = chain;
        }

        Response run(Query query) {
            return ChainRunner.runOnce(query, chain);
        }
    }

    private Pipe start(HostsConfig config, Plugin... after) throws Exception {
        if (context == null) {
            context = TestPluginContext.builder("hosts").baseDirectory(directory).systemClock().build();
        }
        plugin = new HostsFactory().create(config, context);
        NamedPlugin[] chain = new NamedPlugin[after.length + 1];
        chain[0] = new NamedPlugin("hosts", plugin);
        for (int i = 0; i < after.length; i++) {
            chain[i + 1] = new NamedPlugin("after" + i, after[i]);
        }
        return new Pipe(chain);
    }

    /** Starts a fresh plugin (in a fresh context) and runs one query through it. */
    private Response runHosts(HostsConfig config, Query query, Plugin... after) throws Exception {
        closePlugin();
        context = null;
        plugin = null;
        return start(config, after).run(query);
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text); // literals only: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Record a(String owner, String address) {
        return new ARecord(name(owner), DClass.IN, HostsConfig.DEFAULT_TTL, address(address));
    }

    private static Record aaaa(String owner, String address) {
        return new AAAARecord(name(owner), DClass.IN, HostsConfig.DEFAULT_TTL, address(address));
    }

    private static Record ptr(String owner, String target) {
        return new PTRRecord(name(owner), DClass.IN, HostsConfig.DEFAULT_TTL, name(target));
    }
}
