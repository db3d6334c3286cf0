package org.awsdns.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awsdns.testing.DnsAssertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.awsdns.testing.DnsClient;
import org.awsdns.testing.Queries;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

class TestServerTest {
    private static final String YAML = """
            servers:
              - listen: ["10.0.0.2:53"]
                zones: ["demo.internal."]
                plugins:
                  - hosts: {ttl: 60, entries: ["172.31.40.11 web.demo.internal", "172.31.40.12 web.demo.internal"]}
            """;

    @Test
    void startsTheRealServerOnAPortItBoundItselfAndAnswersOverUdpAndTcp() throws Exception {
        try (TestServer server = TestServer.start(YAML)) {
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(server.address().getPort()).isPositive();
            DnsClient client = server.client();
            Message query = Queries.message("web.demo.internal.", Type.A);

            for (Message reply : new Message[] {client.udp(query), client.tcp(query)}) {
                assertThat(reply).answers(query).isNoerror().isAuthoritative()
                        .hasAnswer("web.demo.internal. 60 IN A 172.31.40.11", "web.demo.internal. 60 IN A 172.31.40.12")
                        .hasAuthority()
                        .hasAdditional();
            }
            Message outside = Queries.message("other.example.", Type.A);
            assertThat(client.udp(outside)).answers(outside).isRefused().hasEmptyAnswer();
        }
    }

    @Test
    void awaitsTheFirstLoadOfAnInventoryBeforeTheTestQueries() throws Exception {
        Path demo = Path.of(System.getProperty("awsdns.root"), "examples", "demo-instances.json");
        try (TestServer server = TestServer.start("""
                inventories:
                  demo: {file: "%s"}
                servers:
                  - listen: ["10.0.0.2:53"]
                    zones: ["demo.internal."]
                    plugins:
                      - ec2-forward: {inventory: demo, zone: demo.internal.}
                """.formatted(demo))) {
            server.awaitReady(Duration.ofSeconds(30));

            assertThat(server.server().resources().notReady()).isEmpty();
            Message query = Queries.message("bootstrapper-test.demo.internal.", Type.A);
            assertThat(server.client().udp(query)).answers(query).isNoerror()
                    .hasAnswer("bootstrapper-test.demo.internal. 60 IN A 172.31.31.48");
        }
    }
}
