package org.awsdns.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.server.config.ConfigException;
import org.awsdns.testing.DnsClient;
import org.awsdns.testing.Queries;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.HINFORecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The acl and any plugins in the real server: queries leave from 127.0.0.1 (inside) and 127.0.0.2 (outside). */
class AclServerTest {
    private static final String CONFIG = """
            servers:
              - listen: ["127.0.0.1:0"]
                plugins:
                  - acl:
                      - block: {type: [AXFR, IXFR]}
                      - allow: {net: ["127.0.0.1/32", "::1/128"]}
                      - RULE_FOR_OTHERS
                  - any
                  - hosts: {ttl: 60, entries: ["10.0.0.10 web.demo.internal"]}
            """;

    @Test
    void answersTheAllowedNetworkAndRefusesOthersOverUdpAndTcp() throws Exception {
        try (AwsdnsServer server = AwsdnsServer.fromYaml(CONFIG.replace("RULE_FOR_OTHERS", "block:"))) {
            InetSocketAddress address = server.boundAddresses().get(0);
            DnsClient inside = DnsClient.to(address).from(InetAddress.getByName("127.0.0.1"));
            DnsClient outside = DnsClient.to(address).from(InetAddress.getByName("127.0.0.2"));
            Message query = Queries.message("web.demo.internal.", Type.A);

            for (Message reply : List.of(inside.udp(query), inside.tcp(query))) {
                assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
                assertThat(reply.getSection(Section.ANSWER)).containsExactly(ServerFromYamlTest.a("web.demo.internal.", "10.0.0.10", 60));
            }
            for (Message reply : List.of(outside.udp(query), outside.tcp(query))) {
                assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
                assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
                assertThat(reply.getSection(Section.ANSWER)).isEmpty();
                assertThat(reply.getSection(Section.AUTHORITY)).isEmpty();
            }
        }
    }

    @Test
    void refusesZoneTransfersEvenToTheAllowedNetwork() throws Exception {
        try (AwsdnsServer server = AwsdnsServer.fromYaml(CONFIG.replace("RULE_FOR_OTHERS", "block:"))) {
            DnsClient inside = DnsClient.to(server.boundAddresses().get(0)).from(InetAddress.getByName("127.0.0.1"));

            Message axfr = inside.tcp(Queries.message("demo.internal.", Type.AXFR));

            assertThat(axfr.getRcode()).isEqualTo(Rcode.REFUSED);
            assertThat(axfr.getSection(Section.ANSWER)).isEmpty();
        }
    }

    @Test
    void answersAnyWithTheRfc8482HinfoRecord() throws Exception {
        try (AwsdnsServer server = AwsdnsServer.fromYaml(CONFIG.replace("RULE_FOR_OTHERS", "block:"))) {
            DnsClient inside = DnsClient.to(server.boundAddresses().get(0)).from(InetAddress.getByName("127.0.0.1"));

            Message any = inside.udp(Queries.message("web.demo.internal.", Type.ANY));

            assertThat(any.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(any.getSection(Section.ANSWER)).containsExactly(
                    new HINFORecord(Name.fromString("web.demo.internal."), DClass.IN, 3600, "RFC8482", ""));
            assertThat(any.getSection(Section.AUTHORITY)).isEmpty();
        }
    }

    @Test
    void dropRulesAnswerRefusedUntilTheServerCanLeaveAQueryUnanswered() throws Exception {
        // When the server supports "no reply", this test must change: the outside client times out.
        try (AwsdnsServer server = AwsdnsServer.fromYaml(CONFIG.replace("RULE_FOR_OTHERS", "drop: {net: [0.0.0.0/0, \"::/0\"]}"))) {
            DnsClient outside = DnsClient.to(server.boundAddresses().get(0)).from(InetAddress.getByName("127.0.0.2"));

            DnsClient inside = DnsClient.to(server.boundAddresses().get(0)).from(InetAddress.getByName("127.0.0.1"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> outside.udp(Queries.message("web.demo.internal.", Type.A)))
                    .isInstanceOf(java.net.SocketTimeoutException.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> outside.tcp(Queries.message("web.demo.internal.", Type.A)))
                    .isInstanceOf(java.net.SocketTimeoutException.class);
            assertThat(inside.tcp(Queries.message("web.demo.internal.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
        }
    }

    @Test
    void namesTheLineAndTheKnownActionsOfAnUnknownAction() {
        assertThatThrownBy(() -> AwsdnsServer.fromYaml(CONFIG.replace("RULE_FOR_OTHERS", "deny: {net: [0.0.0.0/0]}")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("<yaml>:7:13: servers[0].plugins[0].acl[2]: acl: unknown action [deny], known actions [allow, block, drop]");
    }

    @Test
    void namesTheLineAndTheKnownKeysOfAnUnknownMatchKey() {
        assertThatThrownBy(() -> AwsdnsServer.fromYaml(CONFIG.replace("RULE_FOR_OTHERS", "drop: {nets: [0.0.0.0/0]}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("<yaml>:7:")
                .hasMessageContaining("unknown key 'nets' (did you mean 'net'?); known keys: [net, type]");
    }

    @Test
    void refusesAnAclWithoutRules() {
        assertThatThrownBy(() -> AwsdnsServer.fromYaml("""
                servers:
                  - listen: ["127.0.0.1:0"]
                    plugins:
                      - acl
                      - hosts: {entries: ["10.0.0.10 web.demo.internal"]}
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessage("<yaml>:4:9: servers[0].plugins[0].acl: expected a list, got a mapping");
    }
}
