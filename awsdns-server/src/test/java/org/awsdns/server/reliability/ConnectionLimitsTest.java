package org.awsdns.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * Issue 9, item 2: one client cannot hold every TCP slot. Past the per-client limit or a full
 * table, the longest-idle connection (the client's own, or anyone's) makes room; only when none
 * is idle is the new connection refused. Every end is counted by reason.
 */
class ConnectionLimitsTest {
    private static final InetAddress OTHER = address("127.0.0.1");
    private static final InetAddress GREEDY = address("127.0.0.2");
    private static final int SHORT_WAIT_MILLIS = 500;

    private final List<Socket> sockets = new ArrayList<>();
    private SilentUpstream upstream;
    private AwsdnsServer server;
    private InetSocketAddress dns;

    @BeforeEach
    void upstream() throws IOException {
        upstream = new SilentUpstream();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
        upstream.close();
    }

    @Test
    void aClientPastItsLimitTakesItsOwnIdleConnectionsPlace() throws Exception {
        start("{max_tcp_connections_per_client: 2}");
        Socket oldest = open(GREEDY);
        Socket newer = open(GREEDY);
        answered(newer, 1);

        answered(open(GREEDY), 2);

        assertThat(Wire.closedByServer(oldest)).isTrue();
        assertThat(stillOpen(newer)).isTrue();
        assertThat(Servers.closed(server, "evicted")).isEqualTo(1);
        assertThat(Servers.closed(server, "per_client_limit")).isZero();
    }

    @Test
    void aClientWhoseConnectionsAreBusyIsRefusedAndOthersServed() throws Exception {
        start("{max_tcp_connections_per_client: 2, query_timeout: 60s}");
        busy(open(GREEDY));
        busy(open(GREEDY));

        assertThat(Wire.closedByServer(open(GREEDY))).isTrue();

        assertThat(Wire.tcpExchange(dns, OTHER, Wire.query(3, Servers.NAME)).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(Servers.closed(server, "per_client_limit")).isEqualTo(1);
        assertThat(Servers.counter(server, "awsdns_tcp_connections_refused")).isEqualTo(1);
    }

    @Test
    void aFullTableClosesTheLongestIdleConnectionForANewClient() throws Exception {
        start("{max_tcp_connections: 3, max_tcp_connections_per_client: 3}");
        Socket first = open(GREEDY);
        Socket second = open(GREEDY);
        Socket third = open(GREEDY);
        // the kernel completes a connect before the server accepts it: wait until all three are
        // in the table, or first's query could be answered before second and third arrive
        awaitOpen(3);
        answered(first, 1); // first is now the most recently idle: second goes, then third

        answered(open(OTHER), 2);
        assertThat(Wire.closedByServer(second)).isTrue();
        answered(open(address("127.0.0.3")), 3);
        assertThat(Wire.closedByServer(third)).isTrue();

        assertThat(stillOpen(first)).isTrue();
        assertThat(Servers.closed(server, "evicted")).isEqualTo(2);
    }

    @Test
    void aFullTableOfBusyConnectionsRefusesNewOnes() throws Exception {
        start("{max_tcp_connections: 2, query_timeout: 60s}");
        busy(open(GREEDY));
        busy(open(OTHER));

        assertThat(Wire.closedByServer(open(address("127.0.0.3")))).isTrue();

        assertThat(Servers.closed(server, "table_full")).isEqualTo(1);
    }

    @Test
    void countsIdleClientClosedAndBadLengthEnds() throws Exception {
        start("{tcp_idle_timeout: 300ms}");
        Socket idle = open(OTHER);
        assertThat(Wire.closedByServer(idle)).isTrue();

        try (Socket polite = open(OTHER)) {
            answered(polite, 1);
            polite.shutdownOutput();
            assertThat(Wire.closedByServer(polite)).isTrue();
        }
        try (Socket broken = open(OTHER)) {
            Wire.write(broken, new byte[] {0x00, 0x20, 0x12});
            broken.shutdownOutput();
            assertThat(Wire.closedByServer(broken)).isTrue();
        }

        assertThat(Servers.closed(server, "idle")).isEqualTo(1);
        assertThat(Servers.closed(server, "client_closed")).isEqualTo(1);
        assertThat(Servers.closed(server, "bad_length")).isEqualTo(1);
    }

    private void start(String transport) {
        server = Servers.start(transport, upstream.port());
        dns = Servers.dns(server);
    }

    private Socket open(InetAddress source) throws IOException {
        Socket socket = Wire.connect(dns, source);
        sockets.add(socket);
        return socket;
    }

    private static void answered(Socket socket, int id) throws IOException {
        Wire.write(socket, Wire.frame(Wire.query(id, Servers.NAME)));
        Message reply = Wire.readFrame(socket);
        assertThat(reply.getHeader().getID()).isEqualTo(id);
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    }

    /** Leaves a query in flight on {@code socket}, waiting on the silent upstream. */
    private void busy(Socket socket) throws Exception {
        double before = inFlight();
        Wire.write(socket, Wire.frame(Wire.query(100, Servers.SLOW)));
        Await.untilAsserted(Duration.ofSeconds(10), () -> assertThat(inFlight()).isGreaterThan(before));
    }

    private void awaitOpen(int connections) {
        Await.until(connections + " connections open", Duration.ofSeconds(10), () -> openConnections() >= connections);
        assertThat(openConnections()).isEqualTo(connections);
    }

    private double openConnections() {
        return server.meterRegistry().get("awsdns_tcp_connections").gauge().value();
    }

    private double inFlight() {
        return server.meterRegistry().get("awsdns_in_flight_queries").gauge().value();
    }

    private static boolean stillOpen(Socket socket) throws IOException {
        socket.setSoTimeout(SHORT_WAIT_MILLIS);
        try {
            return !Wire.closedByServer(socket);
        } finally {
            socket.setSoTimeout(Wire.TIMEOUT_MILLIS);
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
