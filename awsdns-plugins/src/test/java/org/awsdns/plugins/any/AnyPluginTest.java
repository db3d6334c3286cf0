package org.awsdns.plugins.any;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awsdns.testing.ChainRunner.runOnce;
import static org.awsdns.testing.Queries.name;
import static org.awsdns.testing.Queries.query;

import org.awsdns.core.NamedPlugin;
import org.awsdns.core.Plugin;
import org.awsdns.core.Response;
import org.awsdns.testing.CountingPlugin;
import org.awsdns.testing.Queries;
import org.awsdns.testing.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.HINFORecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class AnyPluginTest {
    private final TestPluginContext context = TestPluginContext.builder("any").systemClock().build();
    private final CountingPlugin next = new CountingPlugin();

    @AfterEach
    void closeContext() {
        context.close();
    }

    @Test
    void answersAnyWithOneSynthesizedHinfoRecord() {
        Response response = runOnce(query("Web.Demo.Internal.", Type.ANY), plugin(new AnyConfig(null)), new NamedPlugin("next", next));

        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.answer()).containsExactly(
                new HINFORecord(name("Web.Demo.Internal."), DClass.IN, 3600, "RFC8482", ""));
        assertThat(response.answer().get(0).rdataToString()).isEqualTo("\"RFC8482\" \"\"");
        assertThat(response.authority()).isEmpty();
        assertThat(response.additional()).isEmpty();
        assertThat(response.authoritative()).isFalse();
        assertThat(response.answeredBy()).isEqualTo("any");
        assertThat(next.calls()).isZero();
        assertThat(context.metrics().countAll("any_answered")).isEqualTo(1);
    }

    @Test
    void usesTheConfiguredTtl() {
        Response response = runOnce(query("web.demo.internal.", Type.ANY), plugin(new AnyConfig(60L)));

        assertThat(response.answer()).extracting(record -> record.getTTL()).containsExactly(60L);
    }

    @Test
    void passesOtherTypesAndClasses() {
        Response a = runOnce(query("web.demo.internal.", Type.A), plugin(new AnyConfig(null)), new NamedPlugin("next", next));
        Response chaos = runOnce(Queries.builder("version.bind.", Type.ANY).dclass(DClass.CH).build(), plugin(new AnyConfig(null)), new NamedPlugin("next", next));

        assertThat(next.calls()).isEqualTo(2);
        assertThat(a.answer()).isEmpty();
        assertThat(a.rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(chaos.answer()).isEmpty();
        assertThat(context.metrics().countAll("any_answered")).isZero();
    }

    @Test
    void refusesATtlOutOfRange() {
        assertThatThrownBy(() -> new AnyConfig(-1L)).hasMessage("any: ttl must be between 0 and 2147483647 seconds, got -1");
        assertThatThrownBy(() -> new AnyConfig(1L << 31)).hasMessageContaining("must be between 0 and 2147483647");
    }

    private NamedPlugin plugin(AnyConfig config) {
        Plugin plugin = new AnyFactory().create(config, context);
        return new NamedPlugin("any", plugin);
    }
}
