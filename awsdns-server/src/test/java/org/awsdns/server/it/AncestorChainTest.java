package org.awsdns.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awsdns.plugins.testing.unbound.Unbound;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.testing.Await;
import org.awsdns.testing.DnsClient;
import org.awsdns.testing.Queries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The card's chain, {@code examples/ancestor-chain.yaml} as shipped (cache, forward, ec2-forward,
 * ec2-reverse, txt-extra, soa), with a real unbound as the upstream and the demo inventory in
 * place of the API one, set from the command line as a user would. It gives the answers of the
 * ancestor's README examples, and negative answers carry our SOA (RFC 2308), not the upstream's.
 */
class AncestorChainTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("awsdns.root"), "examples");
    private static final Name BOOTSTRAPPER = Name.fromConstantString("bootstrapper-test.");

    @TempDir
    static Path work;

    private static final long STARTED = System.currentTimeMillis() / 1000;

    private static Unbound upstream;
    private static AwsdnsServer server;
    private static DnsClient client;

    @BeforeAll
    static void start() throws Exception {
        upstream = Unbound.start(work);
        server = AwsdnsServer.builder()
                .configFile(EXAMPLES.resolve("ancestor-chain.yaml"))
                .listen("127.0.0.1:0")
                .set("inventories.vpc={file: demo-instances.json}",
                        "servers[0].plugins.forward.to=[\"" + upstream.hostPort() + "\"]",
                        // this test's client plays the VPC's 10.0.0.0/16
                        "servers[0].plugins.acl[1].allow.net=[127.0.0.1/32]")
                .start();
        client = DnsClient.to(server.boundAddresses().get(0));
        Await.until("the inventory's first load", Duration.ofSeconds(10), () -> server.resources().notReady().isEmpty());
        assertThat(server.resources().notReady()).isEmpty();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void answersTheAncestorsForwardExampleFromEc2AfterTheUpstreamSaysNxdomain() throws Exception {
        Message reply = client.udp(Queries.message("bootstrapper-test.", Type.A));

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getSection(Section.ANSWER)).containsExactly(
                new ARecord(BOOTSTRAPPER, DClass.IN, 60, InetAddress.getByName("172.31.31.48")));
        assertThat(reply.getSection(Section.AUTHORITY)).isEmpty();
        assertThat(reply.getSection(Section.ADDITIONAL)).containsExactly(
                txt(BOOTSTRAPPER, "tag:Class=test"), txt(BOOTSTRAPPER, "id=i-d20eee82"), txt(BOOTSTRAPPER, "key_name=bootstrapper"));
    }

    @Test
    void answersTheAncestorsReverseExample() throws Exception {
        Name reverse = Name.fromString("48.31.31.172.in-addr.arpa.");

        Message reply = client.udp(Queries.message("48.31.31.172.in-addr.arpa.", Type.PTR));

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getSection(Section.ANSWER)).containsExactly(new PTRRecord(reverse, DClass.IN, 60, BOOTSTRAPPER));
        assertThat(reply.getSection(Section.AUTHORITY)).isEmpty();
        assertThat(reply.getSection(Section.ADDITIONAL)).contains(txt(reverse, "tag:Class=test"), txt(reverse, "id=i-d20eee82"));
    }

    @Test
    void dropsClientsOutsideTheAllowedNetworks() throws Exception {
        DnsClient outsider = DnsClient.to(server.boundAddresses().get(0)).from(InetAddress.getByName("127.0.0.2"));

        assertThatThrownBy(() -> outsider.udp(Queries.message("bootstrapper-test.", Type.A)))
                .isInstanceOf(java.net.SocketTimeoutException.class);
    }

    @Test
    void forwardsWhatTheUpstreamKnows() throws Exception {
        Message reply = client.tcp(Queries.message("www.up.example.", Type.A));

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getSection(Section.ANSWER)).containsExactly(
                new ARecord(Name.fromString("www.up.example."), DClass.IN, 300, InetAddress.getByName("192.0.2.1")));
    }

    @Test
    void negativeAnswersCarryOurSoaNotTheUpstreams() throws Exception {
        Message nxdomain = client.udp(Queries.message("no-such-instance.", Type.A));
        Message nodata = client.udp(Queries.message("bootstrapper-test.", Type.AAAA));

        assertThat(nxdomain.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(nxdomain.getSection(Section.ANSWER)).isEmpty();
        assertThat(soaOwners(nxdomain)).containsExactly("ns.awsdns.internal.");
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
        assertThat(soaOwners(nodata)).containsExactly("ns.awsdns.internal.");
        SOARecord soa = (SOARecord) nodata.getSection(Section.AUTHORITY).get(0);
        assertThat(soa.getMinimum()).isEqualTo(60);
        // the serial is the inventory's last change: its first load, during this test
        assertThat(soa.getSerial()).isBetween(STARTED - 1, System.currentTimeMillis() / 1000);
    }

    private static List<String> soaOwners(Message message) {
        return message.getSection(Section.AUTHORITY).stream()
                .filter(record -> record.getType() == Type.SOA)
                .map(record -> ((SOARecord) record).getHost().toString())
                .toList();
    }

    private static Record txt(Name owner, String text) {
        return new TXTRecord(owner, DClass.IN, 60, text);
    }
}
