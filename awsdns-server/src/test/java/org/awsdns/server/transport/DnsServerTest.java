package org.awsdns.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awsdns.server.transport.TestPlugins.a;
import static org.awsdns.server.transport.TestPlugins.name;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awsdns.core.NamedPlugin;
import org.awsdns.core.Pipeline;
import org.awsdns.core.Plugin;
import org.awsdns.server.metrics.MicrometerMetrics;
import org.awsdns.testing.Await;
import org.awsdns.testing.DnsClient;
import org.awsdns.testing.Queries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class DnsServerTest {
    /** How long a gauge may take to follow what the sockets did (generous: the build machine is loaded). */
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final String WWW = "www.example.com.";
    private static final String WWW_ADDRESS = "192.0.2.1";
    private static final String BIG = "big.example.com.";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerMetrics metrics = new MicrometerMetrics(registry);
    private final List<DnsServer> servers = new ArrayList<>();

    @AfterEach
    void closeServers() {
        servers.forEach(DnsServer::close);
    }

    @Test
    void answersAOverUdp() throws IOException {
        InetSocketAddress server = startOne(new TestPlugins.AnswerA(WWW, WWW_ADDRESS));
        Message query = Queries.message(WWW, Type.A);

        Message reply = DnsClient.to(server).udp(query);

        assertAnswered(reply, query, List.of(a(WWW, WWW_ADDRESS)));
        assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(reply.getHeader().getFlag(Flags.RA)).isFalse();
        assertThat(counter("awsdns_requests", "transport", "udp")).isEqualTo(1);
        assertThat(counter("awsdns_responses", "rcode", "NOERROR")).isEqualTo(1);
    }

    @Test
    void runsOnTheIoModeTheSuiteAsksFor() throws IOException {
        startOne(new TestPlugins.AnswerA(WWW, WWW_ADDRESS));
        // the build runs the transport tests once with awsdns.io unset (auto) and once with nio
        IoMode expected = "nio".equals(System.getProperty("awsdns.io"))
                ? IoMode.NIO
                : io.netty.channel.epoll.Epoll.isAvailable() ? IoMode.EPOLL : IoMode.NIO;
        assertThat(servers.get(0).ioMode()).isEqualTo(expected);
    }

    @Test
    void nioServesAnywhereAndEpollIsRefusedWhereItDoesNotLoad() throws IOException {
        ServerSettings nio = new ServerSettings(null, 1, null, null, null, null, Duration.ofSeconds(1), IoMode.NIO);
        InetSocketAddress server = start(nio, block("main", List.of(LOOPBACK), List.of("."), List.of(),
                new TestPlugins.AnswerA(WWW, WWW_ADDRESS))).boundAddresses().get(0);
        Message query = Queries.message(WWW, Type.A);
        assertAnswered(DnsClient.to(server).udp(query), query, List.of(a(WWW, WWW_ADDRESS)));
        assertAnswered(DnsClient.to(server).tcp(query), query, List.of(a(WWW, WWW_ADDRESS)));
        assumeTrue(!io.netty.channel.epoll.Epoll.isAvailable(), "epoll loads here");
        ServerSettings epoll = new ServerSettings(null, 1, null, null, null, null, Duration.ofSeconds(1), IoMode.EPOLL);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(epoll, block("main", List.of(LOOPBACK),
                        List.of("."), List.of(), new TestPlugins.AnswerA(WWW, WWW_ADDRESS))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("epoll does not load here");
    }

    @Test
    void answersAOverTcp() throws IOException {
        InetSocketAddress server = startOne(new TestPlugins.AnswerA(WWW, WWW_ADDRESS));
        Message query = Queries.message(WWW, Type.A);

        Message reply = DnsClient.to(server).tcp(query);

        assertAnswered(reply, query, List.of(a(WWW, WWW_ADDRESS)));
        assertThat(counter("awsdns_requests", "transport", "tcp")).isEqualTo(1);
    }

    @Test
    void answersNxdomainAtEndOfChain() throws IOException {
        InetSocketAddress server = startOne(new TestPlugins.AnswerA(WWW, WWW_ADDRESS));
        Message query = Queries.message("missing.example.com.", Type.A);

        Message reply = DnsClient.to(server).udp(query);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(reply.getSection(Section.QUESTION)).containsExactly(query.getQuestion());
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
        assertThat(counter("awsdns_responses", "rcode", "NXDOMAIN")).isEqualTo(1);
    }

    @Test
    void servesIpv6Loopback() throws IOException {
        InetAddress ipv6Loopback = InetAddress.getByName("::1");
        assumeTrue(hasIpv6Loopback(ipv6Loopback), "no IPv6 loopback on this machine");
        DnsServer dnsServer = start(settings(), block("v6", List.of(new InetSocketAddress(ipv6Loopback, 0)), List.of("."),
                List.of(), new TestPlugins.AnswerA(WWW, WWW_ADDRESS)));
        InetSocketAddress server = dnsServer.boundAddresses().get(0);
        assertThat(server.getAddress()).isInstanceOf(Inet6Address.class);
        Message query = Queries.message(WWW, Type.A);

        assertAnswered(DnsClient.to(server).udp(query), query, List.of(a(WWW, WWW_ADDRESS)));
        assertAnswered(DnsClient.to(server).tcp(query), query, List.of(a(WWW, WWW_ADDRESS)));
    }

    @Test
    void truncatesLargeAnswerOverUdpWithoutEdnsAndTcpGetsItAll() throws IOException {
        InetSocketAddress server = startOne(new TestPlugins.HugeRRset(BIG, 100));
        Message query = Queries.message(BIG, Type.A);

        byte[] wire;
        try (DatagramSocket socket = DnsClient.to(server).udpSocket()) {
            wire = DnsClient.to(server).exchange(socket, query.toWire());
        }
        Message truncated = new Message(wire);

        assertThat(wire.length).isLessThanOrEqualTo(512);
        assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(truncated.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(truncated.getSection(Section.QUESTION)).containsExactly(query.getQuestion());
        // the RRset does not fit whole, so none of it is sent
        assertThat(truncated.getSection(Section.ANSWER)).isEmpty();
        assertThat(truncated.getOPT()).isNull();

        Message complete = DnsClient.to(server).tcp(query);
        assertThat(complete.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(complete.getSection(Section.ANSWER)).isEqualTo(TestPlugins.HugeRRset.expected(BIG, 100));
    }

    @Test
    void truncatesLargeAnswerAtEdnsSizeAndKeepsOpt() throws IOException {
        InetSocketAddress server = startOne(new TestPlugins.HugeRRset(BIG, 100));
        // the client offers more than the server's 1232: the server's limit applies
        Message query = Queries.builder(BIG, Type.A).edns(4096).message();

        byte[] wire;
        try (DatagramSocket socket = DnsClient.to(server).udpSocket()) {
            wire = DnsClient.to(server).exchange(socket, query.toWire());
        }
        Message truncated = new Message(wire);

        assertThat(wire.length).isLessThanOrEqualTo(1232);
        assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();
        // the RRset does not fit whole, so none of it is sent
        assertThat(truncated.getSection(Section.ANSWER)).isEmpty();
        assertThat(truncated.getOPT()).isNotNull();
        assertThat(truncated.getOPT().getPayloadSize()).isEqualTo(1232);

        Message complete = DnsClient.to(server).tcp(query);
        assertThat(complete.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(complete.getSection(Section.ANSWER)).isEqualTo(TestPlugins.HugeRRset.expected(BIG, 100));
    }

    @Test
    void answerFittingTheEdnsSizeIsNotTruncated() throws IOException {
        // about 700 bytes: over 512, within 1232
        InetSocketAddress server = startOne(new TestPlugins.HugeRRset(BIG, 40));
        Message query = Queries.builder(BIG, Type.A).edns(1232).message();

        Message reply = DnsClient.to(server).udp(query);

        assertThat(reply.numBytes()).isGreaterThan(512);
        assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(reply.getSection(Section.ANSWER)).isEqualTo(TestPlugins.HugeRRset.expected(BIG, 40));
    }

    @Test
    void clampsClientUdpSizeBelow512To512() throws IOException {
        // about 370 bytes: more than the client's 256, less than the 512 every client takes
        InetSocketAddress server = startOne(new TestPlugins.HugeRRset(BIG, 20));
        Message query = Queries.builder(BIG, Type.A).edns(256).message();

        Message reply = DnsClient.to(server).udp(query);

        assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(reply.getSection(Section.ANSWER)).isEqualTo(TestPlugins.HugeRRset.expected(BIG, 20));
    }

    @Test
    void echoesOptWithServerSizeAndDoBit() throws IOException {
        InetSocketAddress server = startOne(new TestPlugins.AnswerA(WWW, WWW_ADDRESS));
        Message query = Queries.builder(WWW, Type.A).edns(4096).dnssecOk().message();

        Message reply = DnsClient.to(server).udp(query);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getSection(Section.ANSWER)).containsExactly(a(WWW, WWW_ADDRESS));
        OPTRecord opt = reply.getOPT();
        assertThat(opt).isNotNull();
        assertThat(opt.getPayloadSize()).isEqualTo(1232);
        assertThat(opt.getVersion()).isZero();
        assertThat(opt.getFlags() & ExtendedFlags.DO).isEqualTo(ExtendedFlags.DO);
        // OPT is written last and only once
        List<Record> additional = reply.getSection(Section.ADDITIONAL);
        assertThat(additional).hasSize(1);
        assertThat(additional.get(0).getType()).isEqualTo(Type.OPT);
    }

    @Test
    void answersBadversForEdnsVersion1() throws IOException {
        InetSocketAddress server = startOne(new TestPlugins.AnswerA(WWW, WWW_ADDRESS));
        Message query = Queries.builder(WWW, Type.A).edns(1232).ednsVersion(1).message();

        Message reply = DnsClient.to(server).udp(query);

        assertThat(reply.getRcode()).isEqualTo(Rcode.BADVERS);
        assertThat(reply.getOPT()).isNotNull();
        assertThat(reply.getOPT().getVersion()).isZero();
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
        assertThat(counter("awsdns_responses", "rcode", "BADVERS")).isEqualTo(1);
    }

    @Test
    void servfailForFailingPluginThenAnswersNextQuery() throws IOException {
        InetSocketAddress server = startOne(
                new TestPlugins.Throwing("bad.example.com."), new TestPlugins.AnswerA(WWW, WWW_ADDRESS));
        Message bad = Queries.message("bad.example.com.", Type.A);

        Message failed = DnsClient.to(server).udp(bad);

        assertThat(failed.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(failed.getHeader().getID()).isEqualTo(bad.getHeader().getID());
        assertThat(failed.getSection(Section.QUESTION)).containsExactly(bad.getQuestion());
        assertThat(failed.getSection(Section.ANSWER)).isEmpty();
        assertThat(counter("awsdns_plugin_failures")).isEqualTo(1);
        Message good = Queries.message(WWW, Type.A);
        assertAnswered(DnsClient.to(server).udp(good), good, List.of(a(WWW, WWW_ADDRESS)));
    }

    @Test
    void answersFromPluginCompletingOnAnotherThread() throws IOException {
        TestPlugins.AsyncAnswer async = new TestPlugins.AsyncAnswer(WWW, WWW_ADDRESS, 50);
        InetSocketAddress server = startOne(async);
        Message query = Queries.message(WWW, Type.A);

        assertAnswered(DnsClient.to(server).udp(query), query, List.of(a(WWW, WWW_ADDRESS)));
        assertAnswered(DnsClient.to(server).tcp(query), query, List.of(a(WWW, WWW_ADDRESS)));
        assertThat(async.answeredOn.getName()).doesNotStartWith("awsdns-");
    }

    @Test
    void servfailWhenChainDoesNotCompleteInTime() throws IOException {
        ServerSettings settings = new ServerSettings(null, 2, null, null, null, Duration.ofMillis(200), Duration.ofSeconds(2));
        DnsServer dnsServer = start(settings, block("main", List.of(LOOPBACK), List.of("."), List.of(),
                new TestPlugins.NeverCompletes("stuck.example.com."), new TestPlugins.AnswerA(WWW, WWW_ADDRESS)));
        InetSocketAddress server = dnsServer.boundAddresses().get(0);
        Message stuck = Queries.message("stuck.example.com.", Type.A);

        long started = System.nanoTime();
        Message reply = DnsClient.to(server).udp(stuck);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(reply.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(reply.getSection(Section.QUESTION)).containsExactly(stuck.getQuestion());
        assertThat(counter("awsdns_query_timeouts")).isEqualTo(1);
        Message good = Queries.message(WWW, Type.A);
        assertAnswered(DnsClient.to(server).tcp(good), good, List.of(a(WWW, WWW_ADDRESS)));
    }

    @Test
    void answersQueriesPipelinedInOneTcpWrite() throws IOException {
        InetSocketAddress server = startOne(
                new TestPlugins.AsyncAnswer("slow.example.com.", "192.0.2.9", 100),
                new TestPlugins.AnswerA(WWW, WWW_ADDRESS));
        Message slow = Queries.message("slow.example.com.", Type.A);
        Message fast = Queries.message(WWW, Type.A);
        Message missing = Queries.message("missing.example.com.", Type.A);
        fast.getHeader().setID(slow.getHeader().getID() + 1 & 0xFFFF);
        missing.getHeader().setID(slow.getHeader().getID() + 2 & 0xFFFF);

        List<Message> replies = new ArrayList<>();
        try (Socket socket = DnsClient.to(server).tcpSocket()) {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (Message query : List.of(slow, fast, missing)) {
                all.write(DnsClient.frame(query.toWire()));
            }
            socket.getOutputStream().write(all.toByteArray());
            for (int i = 0; i < 3; i++) {
                replies.add(new Message(DnsClient.readFrame(socket.getInputStream())));
            }
        }

        // the slow answer comes last: the connection kept reading while it was in the chain
        assertThat(replies.get(2).getHeader().getID()).isEqualTo(slow.getHeader().getID());
        for (Message reply : replies) {
            int id = reply.getHeader().getID();
            if (id == slow.getHeader().getID()) {
                assertAnswered(reply, slow, List.of(a("slow.example.com.", "192.0.2.9")));
            } else if (id == fast.getHeader().getID()) {
                assertAnswered(reply, fast, List.of(a(WWW, WWW_ADDRESS)));
            } else {
                assertThat(id).isEqualTo(missing.getHeader().getID());
                assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
            }
        }
    }

    @Test
    void pipeliningCapHoldsBackQueriesUntilOneFinishes() throws IOException {
        ServerSettings settings = new ServerSettings(null, 1, null, null, 1, null, Duration.ofSeconds(2));
        DnsServer dnsServer = start(settings, block("main", List.of(LOOPBACK), List.of("."), List.of(),
                new TestPlugins.AsyncAnswer("slow.example.com.", "192.0.2.9", 100),
                new TestPlugins.AnswerA(WWW, WWW_ADDRESS)));
        Message slow = Queries.message("slow.example.com.", Type.A);
        Message fast = Queries.message(WWW, Type.A);
        fast.getHeader().setID(slow.getHeader().getID() + 1 & 0xFFFF);

        List<Integer> ids = new ArrayList<>();
        try (Socket socket = DnsClient.to(dnsServer.boundAddresses().get(0)).tcpSocket()) {
            socket.getOutputStream().write(concat(DnsClient.frame(slow.toWire()), DnsClient.frame(fast.toWire())));
            for (int i = 0; i < 2; i++) {
                ids.add(new Message(DnsClient.readFrame(socket.getInputStream())).getHeader().getID());
            }
        }

        // with one query at a time, the fast one waits for the slow one
        assertThat(ids).containsExactly(slow.getHeader().getID(), fast.getHeader().getID());
    }

    @Test
    void closesIdleTcpConnection() throws IOException {
        ServerSettings settings = new ServerSettings(null, 1, Duration.ofMillis(200), null, null, null, Duration.ofSeconds(2));
        DnsServer dnsServer = start(settings, block("main", List.of(LOOPBACK), List.of("."), List.of(),
                new TestPlugins.AnswerA(WWW, WWW_ADDRESS)));
        try (Socket socket = DnsClient.to(dnsServer.boundAddresses().get(0)).tcpSocket()) {
            Message query = Queries.message(WWW, Type.A);
            socket.getOutputStream().write(DnsClient.frame(query.toWire()));
            assertAnswered(new Message(DnsClient.readFrame(socket.getInputStream())), query, List.of(a(WWW, WWW_ADDRESS)));

            // the server closes the connection: end of stream, well before the 5 s read timeout
            assertThat(readOrEndOfStream(socket.getInputStream())).isEqualTo(-1);
        }
        Await.until("gauge('awsdns_tcp_connections') == 0", WAIT, () -> gauge("awsdns_tcp_connections") == 0);
    }

    @Test
    void refusesTcpConnectionsOverTheCapWhenNoneIsIdle() throws IOException {
        ServerSettings settings = new ServerSettings(null, 1, null, 1, null, null, Duration.ofSeconds(2));
        TestPlugins.Gated gated = new TestPlugins.Gated(WWW, WWW_ADDRESS);
        DnsServer dnsServer = start(settings, block("main", List.of(LOOPBACK), List.of("."), List.of(), gated));
        InetSocketAddress server = dnsServer.boundAddresses().get(0);
        Message query = Queries.message(WWW, Type.A);
        try (Socket first = DnsClient.to(server).tcpSocket()) {
            // a query in flight: the first connection is busy, so it cannot make room (issue 9)
            first.getOutputStream().write(DnsClient.frame(query.toWire()));
            Await.until("gauge('awsdns_in_flight_queries') == 1", WAIT, () -> gauge("awsdns_in_flight_queries") == 1);

            try (Socket second = DnsClient.to(server).tcpSocket()) {
                assertThat(readOrEndOfStream(second.getInputStream())).isEqualTo(-1);
            }
            assertThat(counter("awsdns_tcp_connections_refused")).isEqualTo(1);

            // the first connection is unaffected
            gated.open();
            assertAnswered(new Message(DnsClient.readFrame(first.getInputStream())), query, List.of(a(WWW, WWW_ADDRESS)));
        }
    }

    @Test
    void cleansUpConnectionLeftWithHalfAFrame() throws IOException {
        InetSocketAddress server = startOne(new TestPlugins.AnswerA(WWW, WWW_ADDRESS));
        try (Socket socket = DnsClient.to(server).tcpSocket()) {
            // announces 100 bytes, sends 10, leaves
            socket.getOutputStream().write(new byte[] {0, 100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
            Await.until("gauge('awsdns_tcp_connections') == 1", WAIT, () -> gauge("awsdns_tcp_connections") == 1);
        }
        Await.until("gauge('awsdns_tcp_connections') == 0", WAIT, () -> gauge("awsdns_tcp_connections") == 0);
        Message query = Queries.message(WWW, Type.A);
        assertAnswered(DnsClient.to(server).tcp(query), query, List.of(a(WWW, WWW_ADDRESS)));
    }

    @Test
    void skipsTcpFrameThatIsNotDnsAndServesOn() throws IOException {
        InetSocketAddress server = startOne(new TestPlugins.AnswerA(WWW, WWW_ADDRESS));
        try (Socket socket = DnsClient.to(server).tcpSocket()) {
            // issue 9: the length prefix was sound, so the connection goes on (frame skipped, counted)
            socket.getOutputStream().write(DnsClient.frame(new byte[] {1, 2, 3, 4, 5}));
            Message query = Queries.message(WWW, Type.A);
            socket.getOutputStream().write(DnsClient.frame(query.toWire()));
            assertAnswered(new Message(DnsClient.readFrame(socket.getInputStream())), query, List.of(a(WWW, WWW_ADDRESS)));
        }
        assertThat(counter("awsdns_malformed_packets", "reason", "short")).isEqualTo(1);
    }

    @Test
    void selectsBlockByClientAddress() throws IOException {
        DnsServer dnsServer = start(settings(),
                block("internal", List.of(LOOPBACK), List.of("."), List.of(Cidr.parse("127.0.0.2/32")),
                        new TestPlugins.AnswerA(WWW, "192.0.2.2")),
                block("public", List.of(LOOPBACK), List.of("."), List.of(),
                        new TestPlugins.AnswerA(WWW, WWW_ADDRESS)));
        InetSocketAddress server = dnsServer.boundAddresses().get(0);
        assertThat(dnsServer.boundAddresses()).hasSize(1);
        Message query = Queries.message(WWW, Type.A);

        Message fromSecondLoopback;
        try (DatagramSocket socket = DnsClient.to(server).from("127.0.0.2").udpSocket()) {
            fromSecondLoopback = new Message(DnsClient.to(server).exchange(socket, query.toWire()));
        }
        Message fromFirstLoopback = DnsClient.to(server).udp(query);

        assertAnswered(fromSecondLoopback, query, List.of(a(WWW, "192.0.2.2")));
        assertAnswered(fromFirstLoopback, query, List.of(a(WWW, WWW_ADDRESS)));
    }

    @Test
    void selectsBlockWithLongestZoneAndRefusesNamesOutsideZones() throws IOException {
        DnsServer dnsServer = start(settings(),
                block("parent", List.of(LOOPBACK), List.of("example.com."), List.of(),
                        new TestPlugins.AnswerA("www.sub.example.com.", "192.0.2.1"),
                        new TestPlugins.AnswerA(WWW, "192.0.2.1")),
                block("child", List.of(LOOPBACK), List.of("sub.example.com."), List.of(),
                        new TestPlugins.AnswerA("www.sub.example.com.", "192.0.2.2")));
        InetSocketAddress server = dnsServer.boundAddresses().get(0);
        Message inChild = Queries.message("www.sub.example.com.", Type.A);
        Message inParent = Queries.message(WWW, Type.A);
        Message outside = Queries.message("www.example.org.", Type.A);

        assertAnswered(DnsClient.to(server).udp(inChild), inChild, List.of(a("www.sub.example.com.", "192.0.2.2")));
        assertAnswered(DnsClient.to(server).udp(inParent), inParent, List.of(a(WWW, "192.0.2.1")));
        Message refused = DnsClient.to(server).udp(outside);
        assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(refused.getSection(Section.QUESTION)).containsExactly(outside.getQuestion());
        assertThat(refused.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void closeLetsInFlightQueriesFinishThenClosesPlugins() throws Exception {
        TestPlugins.Gated gated = new TestPlugins.Gated(WWW, WWW_ADDRESS);
        DnsServer dnsServer = start(settings(), block("main", List.of(LOOPBACK), List.of("."), List.of(), gated));
        InetSocketAddress server = dnsServer.boundAddresses().get(0);
        Message query = Queries.message(WWW, Type.A);

        try (DatagramSocket socket = DnsClient.to(server).udpSocket();
                Socket tcp = DnsClient.to(server).tcpSocket()) {
            DnsClient.to(server).send(socket, query.toWire());
            tcp.getOutputStream().write(DnsClient.frame(query.toWire()));
            Await.until("gauge('awsdns_in_flight_queries') == 2", WAIT, () -> gauge("awsdns_in_flight_queries") == 2);

            CompletableFuture<Void> closing = CompletableFuture.runAsync(dnsServer::close);
            // draining has begun once new connections are refused
            Await.until("!accepts(server)", WAIT, () -> !accepts(server));
            assertThat(gated.closed).isFalse();
            gated.open();
            closing.get(5, TimeUnit.SECONDS);

            assertThat(gated.closed).isTrue();
            assertAnswered(new Message(DnsClient.receive(socket)), query, List.of(a(WWW, WWW_ADDRESS)));
            assertAnswered(new Message(DnsClient.readFrame(tcp.getInputStream())), query, List.of(a(WWW, WWW_ADDRESS)));
            // the server closed the connection after the answer
            assertThat(readOrEndOfStream(tcp.getInputStream())).isEqualTo(-1);
        }
        dnsServer.close(); // a second close does nothing
    }

    @Test
    void applyClosesTheOldGenerationWhenItsLastQueryIsDone() throws Exception {
        TestPlugins.Gated gated = new TestPlugins.Gated(WWW, WWW_ADDRESS);
        List<String> ownedClosed = new java.util.concurrent.CopyOnWriteArrayList<>();
        ServerBlock oldBlock = block("main", List.of(LOOPBACK), List.of("."), List.of(), gated);
        DnsServer dnsServer = DnsServer.start(settings(), List.of(oldBlock),
                successor -> ownedClosed.add(successor == null ? "shutdown" : "reload"), metrics);
        servers.add(dnsServer);
        InetSocketAddress server = dnsServer.boundAddresses().get(0);
        Message query = Queries.message(WWW, Type.A);

        try (DatagramSocket socket = DnsClient.to(server).udpSocket()) {
            DnsClient.to(server).send(socket, query.toWire());
            Await.until("gauge('awsdns_in_flight_queries') == 1", WAIT, () -> gauge("awsdns_in_flight_queries") == 1);

            DnsServer.Applied applied = dnsServer.apply(settings(), List.of(block("main", List.of(LOOPBACK),
                    List.of("."), List.of(), new TestPlugins.AnswerA(WWW, "192.0.2.7"))), successor -> {});

            // the new generation serves at once; the old one waits for its query
            assertAnswered(DnsClient.to(server).udp(query), query, List.of(a(WWW, "192.0.2.7")));
            assertThat(applied.previousClosed()).isNotDone();
            assertThat(gated.closed).isFalse();
            assertThat(ownedClosed).isEmpty();

            gated.open();
            assertAnswered(new Message(DnsClient.receive(socket)), query, List.of(a(WWW, WWW_ADDRESS)));
            applied.previousClosed().get(5, TimeUnit.SECONDS);
            assertThat(gated.closed).isTrue();
            assertThat(ownedClosed).containsExactly("reload");
        }
    }

    @Test
    void queryPathServesAPacketWithoutTheSocket() throws IOException {
        DnsServer dnsServer = start(settings(), block("main", List.of(LOOPBACK), List.of("."), List.of(),
                new TestPlugins.AnswerA(WWW, WWW_ADDRESS)));
        QueryPath path = dnsServer.queryPath(dnsServer.boundAddresses().get(0));
        Message query = Queries.message(WWW, Type.A);

        Outcome outcome = path.process(query.toWire(), new InetSocketAddress("127.0.0.1", 40000),
                org.awsdns.core.Transport.UDP);

        assertThat(outcome).isInstanceOf(Outcome.Reply.class);
        assertAnswered(new Message(((Outcome.Reply) outcome).bytes()), query, List.of(a(WWW, WWW_ADDRESS)));
        Outcome notAQuery = path.process(new byte[] {1, 2, 3}, new InetSocketAddress("127.0.0.1", 40000),
                org.awsdns.core.Transport.UDP);
        assertThat(notAQuery).isSameAs(Outcome.NO_REPLY);
    }

    @Test
    void closeStopsListening() throws IOException {
        InetSocketAddress server = startOne(new TestPlugins.AnswerA(WWW, WWW_ADDRESS));
        servers.get(0).close();

        try (Socket socket = new Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.connect(server, (int) DnsClient.DEFAULT_TIMEOUT.toMillis()))
                    .isInstanceOf(IOException.class);
        }
    }

    // --- helpers

    static void assertAnswered(Message reply, Message query, List<Record> answer) {
        assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(reply.getHeader().getFlag(Flags.RD)).isEqualTo(query.getHeader().getFlag(Flags.RD));
        assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getSection(Section.QUESTION)).containsExactly(query.getQuestion());
        assertThat(reply.getSection(Section.ANSWER)).isEqualTo(answer);
        assertThat(reply.getSection(Section.AUTHORITY)).isEmpty();
    }

    InetSocketAddress startOne(Plugin... plugins) throws IOException {
        return start(settings(), block("main", List.of(LOOPBACK), List.of("."), List.of(), plugins))
                .boundAddresses().get(0);
    }

    DnsServer start(ServerSettings settings, ServerBlock... blocks) throws IOException {
        DnsServer server = DnsServer.start(settings, List.of(blocks), metrics);
        servers.add(server);
        return server;
    }

    static ServerSettings settings() {
        return new ServerSettings(null, 2, null, null, null, null, Duration.ofSeconds(2));
    }

    static ServerBlock block(String name, List<InetSocketAddress> listen, List<String> zones, List<Cidr> clients,
            Plugin... plugins) {
        List<NamedPlugin> chain = new ArrayList<>();
        for (int i = 0; i < plugins.length; i++) {
            chain.add(new NamedPlugin("test" + i, plugins[i]));
        }
        return new ServerBlock(name, listen, zones.stream().map(TestPlugins::name).toList(), clients, Pipeline.of(chain));
    }

    /** The sum of the counters named {@code name} with {@code tags}, whatever their other labels. */
    double counter(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(counter -> counter.count()).sum();
    }

    double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    static int readOrEndOfStream(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketException e) {
            return -1; // a reset is as good as an orderly close here
        }
    }

    private static boolean accepts(InetSocketAddress server) {
        try (Socket socket = new Socket()) {
            socket.connect(server, (int) DnsClient.DEFAULT_TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static boolean hasIpv6Loopback(InetAddress address) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (IOException e) {
            return false;
        }
    }
}
