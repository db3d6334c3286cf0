package org.awsdns.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.server.tls.TestCertificates;
import org.awsdns.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DNS over HTTPS connection holds its place in the connection table as a TCP connection does:
 * while one of its queries is being answered it is not the idle one a full table closes for a
 * newcomer; once answered it is.
 */
class DohConnectionLimitsTest {
    @TempDir
    Path directory;

    private final List<Socket> sockets = new ArrayList<>();
    private SilentUpstream upstream;
    private AwsdnsServer server;
    private InetSocketAddress plain;
    private InetSocketAddress doh;
    private SSLContext trusting;

    @BeforeEach
    void start() throws Exception {
        upstream = new SilentUpstream();
        TestCertificates certificates = TestCertificates.create(directory, "doh-limits");
        trusting = certificates.trustingClient();
        String listen = """
                  - listen: ["127.0.0.1:0", "https://127.0.0.1:%d/dns-query"]
                    tls: {cert: "%s", key: "%s"}\
                """.formatted(Wire.freeTcpPort(), certificates.cert(), certificates.key());
        String yaml = Servers.yaml("{max_tcp_connections: 1, query_timeout: 60s}", upstream.port());
        assertThat(yaml).contains(Servers.LISTEN);
        server = AwsdnsServer.fromYaml(yaml.replace(Servers.LISTEN, listen));
        plain = server.boundAddresses().get(0);
        doh = server.boundAddresses().get(1);
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
    void aDohConnectionAnsweringAQueryIsNotEvicted() throws Exception {
        SSLSocket busy = dohConnection();
        double before = inFlight();
        post(busy, Wire.query(1, Servers.SLOW));
        Await.untilAsserted(Duration.ofSeconds(10), () -> assertThat(inFlight()).isGreaterThan(before));

        assertThat(Wire.closedByServer(open(plain))).as("a newcomer to a table full of busy connections").isTrue();

        assertThat(Servers.closed(server, "table_full")).isEqualTo(1);
        assertThat(Servers.closed(server, "evicted")).isZero();
    }

    @Test
    void aDohConnectionWithEverythingAnsweredIsIdle() throws Exception {
        SSLSocket answered = dohConnection();
        post(answered, Wire.query(1, Servers.NAME));
        assertThat(readResponse(answered)).startsWith("HTTP/1.1 200");

        Wire.tcpExchange(plain, null, Wire.query(2, Servers.NAME)); // takes the idle one's place

        assertThat(Servers.closed(server, "evicted")).isEqualTo(1);
        assertThat(Servers.closed(server, "table_full")).isZero();
    }

    private SSLSocket dohConnection() throws IOException {
        SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket(open(doh), "localhost", doh.getPort(), true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        sockets.add(socket);
        return socket;
    }

    private Socket open(InetSocketAddress address) throws IOException {
        Socket socket = Wire.connect(address);
        sockets.add(socket);
        return socket;
    }

    private static void post(Socket socket, byte[] query) throws IOException {
        String head = "POST /dns-query HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/dns-message\r\n"
                + "Content-Length: " + query.length + "\r\n\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(query);
        socket.getOutputStream().flush();
    }

    /** The status line and headers of one response, as text. */
    private static String readResponse(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private double inFlight() {
        return server.meterRegistry().get("awsdns_in_flight_queries").gauge().value();
    }
}
