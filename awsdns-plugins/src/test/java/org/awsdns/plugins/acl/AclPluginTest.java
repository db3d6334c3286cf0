package org.awsdns.plugins.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awsdns.testing.ChainRunner.runOnce;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.awsdns.core.Metrics;
import org.awsdns.core.NamedPlugin;
import org.awsdns.core.Plugin;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.awsdns.testing.Queries;
import org.awsdns.testing.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class AclPluginTest {
    private static final Record ANSWER = record("10.0.0.10");

    private final TestPluginContext context = TestPluginContext.builder("acl").systemClock().build();
    private final AtomicInteger nextCalls = new AtomicInteger();
    private final Plugin answers = (query, next) -> {
        nextCalls.incrementAndGet();
        return query.response().addAnswer(ANSWER).complete();
    };

    @AfterEach
    void closeContext() {
        context.close();
    }

    @Test
    void allowsTheVpcRefusesAnyAndAxfrAndDropsTheRest() {
        Plugin acl = acl(
                rule(AclAction.BLOCK, null, List.of("ANY", "AXFR")),
                rule(AclAction.ALLOW, List.of("10.0.0.0/16"), null),
                rule(AclAction.DROP, List.of("0.0.0.0/0", "::/0"), null));

        Response allowed = serve(acl, "10.0.3.4", Type.A);
        assertThat(allowed.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(allowed.answer()).containsExactly(ANSWER);
        assertThat(allowed.answeredBy()).isEqualTo("next");
        assertThat(nextCalls.get()).isEqualTo(1);

        Response any = serve(acl, "10.0.3.4", Type.ANY);
        Response axfr = serve(acl, "10.0.3.4", Type.AXFR);
        Response outside = serve(acl, "10.1.0.1", Type.A);
        for (Response refused : List.of(any, axfr)) {
            assertThat(refused.rcode()).isEqualTo(Rcode.REFUSED);
            assertThat(refused.answer()).isEmpty();
            assertThat(refused.answeredBy()).isEqualTo("acl");
        }
        assertThat(outside.isNoReply()).isTrue();
        assertThat(outside.answer()).isEmpty();
        assertThat(outside.answeredBy()).isEqualTo("acl");
        assertThat(nextCalls.get()).as("only the allowed query reached the next plugin").isEqualTo(1);
    }

    @Test
    void theFirstMatchingRuleDecides() {
        Plugin allowFirst = acl(rule(AclAction.ALLOW, List.of("10.0.0.0/16"), null), rule(AclAction.BLOCK, null, null));
        Plugin blockFirst = acl(rule(AclAction.BLOCK, null, null), rule(AclAction.ALLOW, List.of("10.0.0.0/16"), null));

        assertThat(serve(allowFirst, "10.0.0.1", Type.A).rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(serve(blockFirst, "10.0.0.1", Type.A).rcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void aRuleNeedsBothItsNetworkAndItsTypeToMatch() {
        Plugin acl = acl(rule(AclAction.BLOCK, List.of("192.168.0.0/24"), List.of("TXT", "MX")));

        assertThat(serve(acl, "192.168.0.9", Type.TXT).rcode()).isEqualTo(Rcode.REFUSED);
        assertThat(serve(acl, "192.168.0.9", Type.MX).rcode()).isEqualTo(Rcode.REFUSED);
        assertThat(serve(acl, "192.168.0.9", Type.A).rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(serve(acl, "192.168.1.9", Type.TXT).rcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void aQueryNoRuleMatchesGoesThrough() {
        Plugin acl = acl(rule(AclAction.BLOCK, List.of("172.16.0.0/12"), null));

        Response response = serve(acl, "10.9.9.9", Type.A);

        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.answer()).containsExactly(ANSWER);
        assertThat(context.metrics().countAll(AclMetrics.ALLOWED)).isEqualTo(1);
    }

    @Test
    void matchesIpv4PrefixesBitByBit() {
        Plugin acl = acl(
                rule(AclAction.ALLOW, List.of("10.0.0.7", "172.16.0.0/12", "192.168.128.0/17"), null),
                rule(AclAction.BLOCK, null, null));

        assertThat(allowed(acl, "10.0.0.7")).isTrue();
        assertThat(allowed(acl, "10.0.0.6")).isFalse();
        assertThat(allowed(acl, "10.0.0.8")).isFalse();
        assertThat(allowed(acl, "172.16.0.0")).isTrue();
        assertThat(allowed(acl, "172.31.255.255")).isTrue();
        assertThat(allowed(acl, "172.32.0.0")).isFalse();
        assertThat(allowed(acl, "172.15.255.255")).isFalse();
        assertThat(allowed(acl, "192.168.128.1")).isTrue();
        assertThat(allowed(acl, "192.168.127.255")).isFalse();
        assertThat(allowed(acl, "255.255.255.255")).isFalse();
    }

    @Test
    void matchesTheWholeIpv4SpaceWithSlashZero() {
        Plugin acl = acl(rule(AclAction.BLOCK, List.of("0.0.0.0/0"), null));

        assertThat(allowed(acl, "0.0.0.0")).isFalse();
        assertThat(allowed(acl, "128.0.0.1")).isFalse();
        assertThat(allowed(acl, "255.255.255.255")).isFalse();
        assertThat(allowed(acl, "fd00::1")).as("an IPv4 network never holds an IPv6 client").isTrue();
    }

    @Test
    void matchesIpv6PrefixesAcrossTheHalves() {
        Plugin acl = acl(
                rule(AclAction.ALLOW, List.of("fd00:ec2::/32", "2001:db8:0:0:8000::/65", "2001:db8::1"), null),
                rule(AclAction.BLOCK, List.of("::/0"), null));

        assertThat(allowed(acl, "fd00:ec2::1")).isTrue();
        assertThat(allowed(acl, "fd00:ec2:ffff:ffff:ffff:ffff:ffff:ffff")).isTrue();
        assertThat(allowed(acl, "fd00:ec3::1")).isFalse();
        assertThat(allowed(acl, "2001:db8::8000:0:0:1")).isTrue();
        assertThat(allowed(acl, "2001:db8::7fff:ffff:ffff:ffff")).isFalse();
        assertThat(allowed(acl, "2001:db8::1")).isTrue();
        assertThat(allowed(acl, "2001:db8::2")).isFalse();
        assertThat(allowed(acl, "10.0.0.1")).as("an IPv6 network never holds an IPv4 client").isTrue();
    }

    @Test
    void readsAnIpv4MappedClientAsIpv4() throws Exception {
        AclPlugin acl = acl(rule(AclAction.ALLOW, List.of("10.0.0.0/16"), null), rule(AclAction.BLOCK, null, null));
        // Java turns a mapped address into an Inet4Address; a dual-stack socket may still hand over the 16 bytes
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 10, 0, 1, 2};
        InetAddress mappedClient = java.net.Inet6Address.getByAddress(null, mapped, -1);
        byte[] outside = mapped.clone();
        outside[12] = 11;

        assertThat(mappedClient).isInstanceOf(java.net.Inet6Address.class);
        assertThat(acl.decide(mappedClient, Type.A)).isZero();
        assertThat(acl.decide(java.net.Inet6Address.getByAddress(null, outside, -1), Type.A)).isEqualTo(1);
        assertThat(allowed(acl, "::ffff:10.0.1.2")).isTrue();
    }

    @Test
    void acceptsAnIpv4MappedNetworkAsTheIpv4Network() {
        Plugin acl = acl(rule(AclAction.BLOCK, List.of("::ffff:192.168.0.0/112"), null));

        assertThat(allowed(acl, "192.168.5.5")).isFalse();
        assertThat(allowed(acl, "192.169.5.5")).isTrue();
    }

    @Test
    void aClientWithoutAnAddressMatchesOnlyRulesForEveryClient() {
        AclPlugin acl = acl(rule(AclAction.ALLOW, List.of("0.0.0.0/0", "::/0"), null), rule(AclAction.DROP, null, List.of("A")));

        assertThat(acl.decide(null, Type.A)).isEqualTo(1);
        assertThat(acl.decide(null, Type.AAAA)).isEqualTo(-1);
    }

    @Test
    void countsEachDecisionByRuleWithoutTheClientInTheLabels() {
        LabelledMetrics metrics = new LabelledMetrics();
        List<CompiledRule> rules = List.of(
                compiled(AclAction.ALLOW, List.of("10.0.0.0/16"), null),
                compiled(AclAction.BLOCK, null, List.of("ANY")),
                compiled(AclAction.DROP, List.of("192.168.0.0/16"), null));
        AclPlugin acl = new AclPlugin(rules, new AclMetrics(metrics, rules));

        serve(acl, "10.0.0.1", Type.A);
        serve(acl, "10.0.0.2", Type.A);
        serve(acl, "10.9.0.1", Type.ANY);
        serve(acl, "192.168.0.1", Type.A);
        serve(acl, "172.16.0.1", Type.A);

        assertThat(metrics.values()).containsOnly(
                Map.entry("acl_allowed{rule=0}", 2L),
                Map.entry("acl_blocked{rule=1}", 1L),
                Map.entry("acl_dropped{rule=2}", 1L),
                Map.entry("acl_allowed{rule=default}", 1L));
    }

    private boolean allowed(Plugin acl, String client) {
        return serve(acl, client, Type.A).rcode() == Rcode.NOERROR;
    }

    private Response serve(Plugin acl, String client, int type) {
        Query query = Queries.builder("web.demo.internal.", type)
                .client(new InetSocketAddress(literal(client), 40000))
                .build();
        return runOnce(query, new NamedPlugin("acl", acl), new NamedPlugin("next", answers));
    }

    private AclPlugin acl(AclRule... rules) {
        return (AclPlugin) new AclFactory().create(new AclConfig(List.of(rules)), context);
    }

    private static AclRule rule(AclAction action, List<String> net, List<String> type) {
        return new AclRule(action, new AclMatch(net, type));
    }

    private static CompiledRule compiled(AclAction action, List<String> net, List<String> type) {
        return CompiledRule.of(rule(action, net, type));
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address); // literals only: nothing is looked up
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Record record(String address) {
        return new ARecord(Queries.name("web.demo.internal."), DClass.IN, 60, literal(address));
    }

    /** Keeps counters by name and labels, to check what each rule counts. */
    private static final class LabelledMetrics implements Metrics {
        private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

        @Override
        public Counter counter(String name, String help, String... labels) {
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < labels.length; i += 2) {
                pairs.add(labels[i] + "=" + labels[i + 1]);
            }
            AtomicLong value = counters.computeIfAbsent(name + "{" + String.join(",", pairs) + "}", key -> new AtomicLong());
            return value::incrementAndGet;
        }

        @Override
        public void gauge(String name, String help, Supplier<Number> value, String... labels) {}

        @Override
        public Timer timer(String name, String help, String... labels) {
            return nanos -> {};
        }

        Map<String, Long> values() {
            Map<String, Long> values = new java.util.HashMap<>();
            counters.forEach((key, value) -> {
                if (value.get() > 0) {
                    values.put(key, value.get());
                }
            });
            return values;
        }
    }
}
