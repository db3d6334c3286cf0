package org.awsdns.plugins.soa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awsdns.testing.Records.lines;
import static org.awsdns.testing.Records.record;
import static org.awsdns.testing.Queries.query;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.awsdns.core.Plugin;
import org.awsdns.core.Response;
import org.awsdns.testing.ChainRunner;
import org.awsdns.testing.TestClock;
import org.awsdns.testing.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class SoaPluginTest {
    private static final String NEGATIVE_SOA = "demo.internal. 60 IN SOA ns1.demo.internal. hostmaster.demo.internal. 42 7200 1800 1209600 60";
    private static final String SOA = "demo.internal. 3600 IN SOA ns1.demo.internal. hostmaster.demo.internal. 42 7200 1800 1209600 60";

    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
    private final TestPluginContext context = TestPluginContext.builder("soa").clock(clock).zones("demo.internal.").build();

    @Test
    void addsTheSoaWithTheNegativeTtlToNxdomainAndAnswersItAuthoritatively() {
        Response response = ChainRunner.of(soa(config(42L, false))).run(query("nobody.demo.internal.", Type.A));

        assertThat(response.rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(response.authoritative()).as("the end of the chain found no such name in our zone").isTrue();
        assertThat(response.answer()).isEmpty();
        assertThat(lines(response.authority())).containsExactly(NEGATIVE_SOA);
    }

    @Test
    void addsTheSoaToNodata() {
        Plugin knowsTheName = (query, next) -> {
            query.response().markNameExists();
            return next.proceed(query);
        };

        Response response = ChainRunner.of(soa(config(42L, false)), knowsTheName).run(query("web.demo.internal.", Type.AAAA));

        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.answer()).isEmpty();
        assertThat(lines(response.authority())).containsExactly(NEGATIVE_SOA);
    }

    @Test
    void replacesAnSoaFromElsewhereInTheAuthoritySectionButARelayedNegativeStaysNonAuthoritative() {
        Plugin upstreamNxdomain = (query, next) -> query.response().rcode(Rcode.NXDOMAIN)
                .addAuthority(record(". 86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. 2026010100 1800 900 604800 86400"))
                .complete();

        Response response = ChainRunner.of(soa(config(42L, false)), upstreamNxdomain).run(query("nobody.demo.internal.", Type.A));

        assertThat(lines(response.authority())).containsExactly(NEGATIVE_SOA);
        assertThat(response.authoritative()).isFalse();
    }

    @Test
    void leavesPositiveAnswersAndOtherZonesAlone() {
        Plugin answers = (query, next) -> query.response().addAnswer(record(query.name() + " 60 IN A 172.31.31.48")).complete();
        ChainRunner pipeline = ChainRunner.of(soa(config(42L, false)), answers);

        Response positive = pipeline.run(query("bootstrapper-test.demo.internal.", Type.A));
        Response outside = ChainRunner.of(soa(config(42L, false))).run(query("nobody.example.com.", Type.A));

        assertThat(lines(positive.answer())).containsExactly("bootstrapper-test.demo.internal. 60 IN A 172.31.31.48");
        assertThat(positive.authority()).isEmpty();
        assertThat(outside.rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(outside.authority()).isEmpty();
        assertThat(outside.authoritative()).as("not our zone").isFalse();
    }

    @Test
    void alwaysAddsTheSoaToEveryAnswerInTheZone() {
        Plugin answers = (query, next) -> query.response().addAnswer(record(query.name() + " 60 IN A 172.31.31.48")).complete();

        Response positive = ChainRunner.of(soa(config(42L, true)), answers).run(query("bootstrapper-test.demo.internal.", Type.A));
        Response negative = ChainRunner.of(soa(config(42L, true))).run(query("nobody.demo.internal.", Type.A));

        assertThat(lines(positive.answer())).containsExactly("bootstrapper-test.demo.internal. 60 IN A 172.31.31.48");
        assertThat(lines(positive.authority())).containsExactly(SOA);
        assertThat(lines(negative.authority())).containsExactly(NEGATIVE_SOA);
    }

    @Test
    void answersSoaAndNsAtTheApexAuthoritatively() {
        Plugin never = (query, next) -> {
            throw new AssertionError("the apex is answered by soa");
        };
        ChainRunner pipeline = ChainRunner.of(soa(config(42L, false)), never);

        Response soa = pipeline.run(query("DEMO.internal.", Type.SOA));
        Response ns = pipeline.run(query("demo.internal.", Type.NS));

        assertThat(soa.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(soa.authoritative()).isTrue();
        assertThat(lines(soa.answer())).containsExactly(SOA);
        assertThat(soa.authority()).isEmpty();
        assertThat(ns.authoritative()).isTrue();
        assertThat(lines(ns.answer())).containsExactly("demo.internal. 3600 IN NS ns1.demo.internal.");
    }

    @Test
    void serialIsTheStartTimeWithoutConfiguredSerial() throws Exception {
        Plugin plugin = new SoaPluginFactory().create(config(null, false), context);

        Response response = ChainRunner.of(plugin).run(query("demo.internal.", Type.SOA));

        assertThat(lines(response.answer())).containsExactly(SOA.replace(" 42 ", " " + clock.instant().getEpochSecond() + " "));
    }

    @Test
    void serialFollowsTheNamedInventorysLastChange() throws Exception {
        AtomicReference<Instant> lastChange = new AtomicReference<>(Instant.parse("2025-06-01T00:00:00Z"));
        InstantSource inventory = lastChange::get;
        context.addResource("prod", inventory);
        SoaConfig config = new SoaConfig("demo.internal.", "ns1.demo.internal.", "hostmaster.demo.internal.",
                null, null, null, null, null, null, null, "prod");
        ChainRunner pipeline = ChainRunner.of(new SoaPluginFactory().create(config, context));

        Response first = pipeline.run(query("demo.internal.", Type.SOA));
        lastChange.set(Instant.parse("2025-06-02T00:00:00Z"));
        Response second = pipeline.run(query("demo.internal.", Type.SOA));

        assertThat(lines(first.answer())).containsExactly(SOA.replace(" 42 ", " 1748736000 "));
        assertThat(lines(second.answer())).containsExactly(SOA.replace(" 42 ", " 1748822400 "));
    }

    @Test
    void rejectsAnUnknownInventoryAndAZoneOutsideTheServerBlock() {
        SoaConfig unknownInventory = new SoaConfig("demo.internal.", "ns1.demo.internal.", "hostmaster.demo.internal.",
                null, null, null, null, null, null, null, "nope");
        SoaConfig otherZone = new SoaConfig("other.internal.", "ns1.other.internal.", "hostmaster.other.internal.",
                null, null, null, null, null, null, null, null);

        assertThatThrownBy(() -> new SoaPluginFactory().create(unknownInventory, context))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown inventory [nope]");
        assertThatThrownBy(() -> new SoaPluginFactory().create(otherZone, context))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the server block's zones");
    }

    @Test
    void configNeedsNamesAndRejectsMailAddresses() {
        assertThatThrownBy(() -> new SoaConfig(null, "ns1.demo.internal.", "hostmaster.demo.internal.", null, null, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zone");
        assertThatThrownBy(() -> new SoaConfig("demo.internal.", "ns1.demo.internal.", "hostmaster@demo.internal", null, null, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hostmaster.demo.internal.");
        assertThatThrownBy(() -> new SoaConfig("demo.internal.", "ns1.demo.internal.", "hostmaster.demo.internal.", -1L, null, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
    }

    private SoaPlugin soa(SoaConfig config) {
        return (SoaPlugin) new SoaPluginFactory().create(config, context);
    }

    private static SoaConfig config(Long serial, boolean always) {
        return new SoaConfig("demo.internal.", "ns1.demo.internal.", "hostmaster.demo.internal.",
                3600L, 60L, serial, null, null, null, always, null);
    }
}
