package org.awsdns.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.server.tls.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * The socket-level fuzzer of the encrypted listeners, bounded for {@code mvn verify}. DNS over
 * TLS gets random bytes instead of a ClientHello, ClientHellos cut short, plain DNS over TCP,
 * and, after a real handshake, pipelined mutated frames with framing lies and half frames;
 * DNS over HTTPS gets random bytes, HTTP/1.1 junk (bad request lines, paths, methods, base64,
 * content types and lengths, mutated DNS bodies) and HTTP/2 after a real ALPN handshake
 * (mutated frames, requests on dead streams). Connections end every way a client can end them:
 * closed, half sent, or reset (SO_LINGER 0). Then: nothing logged at WARN or above, and the
 * server answers over DoT, DoH and UDP as it did before.
 */
class TlsFuzzTest {
    private static final int DOT_CONNECTIONS = 400;
    private static final int DOH_CONNECTIONS = 400;
    private static final byte[] H2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path directory;

    private WarnLog warnings;
    private AwsdnsServer server;
    private InetSocketAddress udp;
    private InetSocketAddress dot;
    private InetSocketAddress doh;
    private SSLContext trusting;
    private byte[] clientHello;

    @BeforeEach
    void start() throws Exception {
        TestCertificates certificates = TestCertificates.create(directory, "tls-fuzz");
        warnings = new WarnLog();
        // listen addresses are told apart by IP and port, so the encrypted ones need ports of their own
        String single = "listen: [\"127.0.0.1:0\"]";
        assertThat(QueryMutator.TARGET_YAML).contains(single);
        server = AwsdnsServer.fromYaml(QueryMutator.TARGET_YAML.replace(single, """
                listen: ["127.0.0.1:0", "tls://127.0.0.1:%d", "https://127.0.0.1:%d/dns-query"]
                    tls: {cert: "%s", key: "%s"}\
                """.formatted(Wire.freeTcpPort(), Wire.freeTcpPort(), certificates.cert(), certificates.key())));
        List<InetSocketAddress> bound = server.boundAddresses();
        udp = bound.get(0);
        dot = bound.get(1);
        doh = bound.get(2);
        trusting = certificates.trustingClient();
        clientHello = clientHello(trusting);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        warnings.close();
    }

    @Test
    void dnsOverTls() throws Exception {
        int replies = fuzz(DOT_CONNECTIONS, this::dotConnection);

        assertThat(replies).as("replies over TLS to honest pipelines").isGreaterThan(DOT_CONNECTIONS / 10);
        assertHandshakeFailuresCounted();
        assertStillServes();
    }

    @Test
    void dnsOverHttps() throws Exception {
        int replies = fuzz(DOH_CONNECTIONS, this::dohConnection);

        assertThat(replies).as("HTTP responses").isGreaterThan(DOH_CONNECTIONS / 10);
        assertHandshakeFailuresCounted();
        assertStillServes();
    }

    private interface Connection {
        int run(Random random) throws IOException;
    }

    /** Runs {@code connections} seeded connections, four at a time; returns the replies they read. */
    private static int fuzz(int connections, Connection connection) throws Exception {
        AtomicInteger replies = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                long seed = c;
                done.add(clients.submit(() -> {
                    try {
                        replies.addAndGet(connection.run(new Random(seed)));
                    } catch (IOException e) {
                        // the server may close or reset a hostile connection: that is its right
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get(2, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }
        return replies.get();
    }

    // ---- DNS over TLS

    private int dotConnection(Random random) throws IOException {
        switch (random.nextInt(5)) {
            case 0 -> raw(dot, random, randomBytes(random, 1 + random.nextInt(2_000)));
            case 1 -> raw(dot, random, java.util.Arrays.copyOf(clientHello, 1 + random.nextInt(clientHello.length - 1)));
            case 2 -> raw(dot, random, Wire.frame(QueryMutator.next(random)));
            default -> {
                return dotStream(random);
            }
        }
        return 0;
    }

    /** A TLS session of pipelined mutated frames; honest framing ends with a marker query whose reply is awaited. */
    private int dotStream(Random random) throws IOException {
        boolean lies = random.nextInt(3) == 0;
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = random.nextInt(20); i >= 0; i--) {
            byte[] payload = QueryMutator.next(random);
            if (lies && random.nextInt(10) == 0) {
                payload = new byte[0];
            }
            byte[] frame = Wire.frame(payload);
            if (lies && random.nextInt(10) == 0) {
                int length = random.nextInt(0x10000); // the stream loses its framing from here
                frame[0] = (byte) (length >>> 8);
                frame[1] = (byte) length;
            }
            stream.writeBytes(frame);
        }
        if (lies) {
            stream.writeBytes(new byte[] {0x01, (byte) 0xF4, 0x12, 0x34}); // ends inside a frame
        } else {
            stream.writeBytes(Wire.frame(Wire.query(0xBEEF, Servers.NAME)));
        }
        Socket plain = Wire.connect(dot);
        try (SSLSocket socket = tls(plain, dot, null)) {
            byte[] bytes = stream.toByteArray();
            OutputStream out = socket.getOutputStream();
            int start = 0;
            if (random.nextInt(10) == 0) {
                for (; start < Math.min(bytes.length, 30); start++) {
                    out.write(bytes[start]);
                    out.flush();
                }
            }
            if (lies || random.nextInt(5) == 0) {
                // a reset somewhere in the stream
                out.write(bytes, start, random.nextInt(bytes.length - start + 1));
                out.flush();
                reset(plain);
                return 0;
            }
            out.write(bytes, start, bytes.length - start);
            out.flush();
            return readUntilMarker(socket.getInputStream());
        }
    }

    private static int readUntilMarker(InputStream in) throws IOException {
        java.io.DataInputStream data = new java.io.DataInputStream(in);
        for (int frames = 1; ; frames++) {
            byte[] reply = new byte[data.readUnsignedShort()];
            data.readFully(reply);
            if (reply.length >= 2 && ((reply[0] & 0xFF) << 8 | (reply[1] & 0xFF)) == 0xBEEF) {
                return frames;
            }
        }
    }

    // ---- DNS over HTTPS

    private int dohConnection(Random random) throws IOException {
        int kind = random.nextInt(6);
        if (kind == 0) {
            raw(doh, random, randomBytes(random, 1 + random.nextInt(2_000)));
            return 0;
        }
        if (kind == 1) {
            raw(doh, random, java.util.Arrays.copyOf(clientHello, 1 + random.nextInt(clientHello.length - 1)));
            return 0;
        }
        if (kind <= 3) {
            return http1(random);
        }
        return http2(random);
    }

    /** One HTTP/1.1 request of many kinds of wrong; returns 1 when a response came back. */
    private int http1(Random random) throws IOException {
        String query = Base64.getUrlEncoder().withoutPadding().encodeToString(QueryMutator.next(random));
        byte[] body = QueryMutator.next(random);
        String request = switch (random.nextInt(12)) {
            case 0 -> "GET /dns-query?dns=" + query + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
            case 1 -> "GET /dns-query?dns=!!not*base64%%" + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
            case 2 -> "GET /elsewhere?dns=" + query + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
            case 3 -> "DELETE /dns-query HTTP/1.1\r\nHost: localhost\r\n\r\n";
            case 4 -> "POST /dns-query HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: "
                    + body.length + "\r\n\r\n";
            case 5 -> "POST /dns-query HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/dns-message\r\n"
                    + "Content-Length: 99999999999\r\n\r\n";
            case 6 -> "GARBAGE\r\n\r\n";
            case 7 -> "GET " + "/".repeat(10_000) + " HTTP/1.1\r\n\r\n";
            case 8 -> "GET /dns-query?dns=" + query + "&dns=" + query + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
            case 9 -> "GET /dns-query HTTP/9.9\r\nX: " + "y".repeat(random.nextInt(20_000)) + "\r\n\r\n";
            default -> "POST /dns-query HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/dns-message\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
        };
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(request.getBytes(StandardCharsets.ISO_8859_1));
        if (request.startsWith("POST")) {
            bytes.writeBytes(body);
        }
        if (random.nextInt(5) == 0) {
            bytes.writeBytes(randomBytes(random, random.nextInt(300)));
        }
        Socket plain = Wire.connect(doh);
        try (SSLSocket socket = tls(plain, doh, random.nextBoolean() ? "http/1.1" : null)) {
            byte[] all = bytes.toByteArray();
            OutputStream out = socket.getOutputStream();
            if (random.nextInt(4) == 0) {
                out.write(all, 0, random.nextInt(all.length)); // reset mid-request
                out.flush();
                reset(plain);
                return 0;
            }
            out.write(all);
            out.flush();
            socket.setSoTimeout(2_000);
            byte[] status = new byte[12];
            int read = socket.getInputStream().readNBytes(status, 0, status.length);
            if (random.nextBoolean()) {
                reset(plain);
            }
            return read == status.length && new String(status, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 ") ? 1 : 0;
        } catch (java.net.SocketTimeoutException e) {
            reset(plain);
            return 0;
        }
    }

    /** An HTTP/2 connection: the preface, then real and mutated frames; returns 1 when any frame came back. */
    private int http2(Random random) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(H2_PREFACE);
        bytes.writeBytes(h2Frame(4, 0, 0, new byte[0])); // SETTINGS
        int stream = 1;
        for (int i = random.nextInt(12); i >= 0; i--) {
            switch (random.nextInt(8)) {
                case 0, 1 -> { // a real POST, sometimes DATA again after the stream's end
                    byte[] body = QueryMutator.next(random);
                    bytes.writeBytes(h2Frame(1, 4, stream, postHeaders(body.length)));
                    bytes.writeBytes(h2Frame(0, 1, stream, body));
                    if (random.nextBoolean()) {
                        bytes.writeBytes(h2Frame(0, 1, stream, body));
                    }
                    stream += 2;
                }
                case 2 -> { // headers, then RST_STREAM before the body
                    bytes.writeBytes(h2Frame(1, 4, stream, postHeaders(40)));
                    bytes.writeBytes(h2Frame(3, 0, stream, new byte[] {0, 0, 0, 8}));
                    bytes.writeBytes(h2Frame(0, 1, stream, randomBytes(random, 40)));
                    stream += 2;
                }
                case 3 -> bytes.writeBytes(h2Frame(0, random.nextInt(2), 1 + 2 * random.nextInt(50), randomBytes(random, random.nextInt(100))));
                case 4 -> bytes.writeBytes(h2Frame(1, random.nextInt(0x30), stream, randomBytes(random, random.nextInt(60))));
                case 5 -> bytes.writeBytes(h2Frame(random.nextInt(12), random.nextInt(0x100), random.nextInt(8),
                        randomBytes(random, random.nextInt(40))));
                case 6 -> bytes.writeBytes(randomBytes(random, 1 + random.nextInt(60)));
                default -> { // a length that lies
                    byte[] frame = h2Frame(random.nextInt(10), 0, stream, randomBytes(random, random.nextInt(20)));
                    frame[0] = (byte) random.nextInt(0x100);
                    frame[2] = (byte) random.nextInt(0x100);
                    bytes.writeBytes(frame);
                }
            }
        }
        Socket plain = Wire.connect(doh);
        try (SSLSocket socket = tls(plain, doh, "h2")) {
            byte[] all = bytes.toByteArray();
            OutputStream out = socket.getOutputStream();
            boolean resetEarly = random.nextInt(3) == 0;
            out.write(all, 0, resetEarly ? random.nextInt(all.length) : all.length);
            out.flush();
            if (resetEarly) {
                reset(plain);
                return 0;
            }
            socket.setSoTimeout(1_000);
            byte[] header = new byte[9];
            int read;
            try {
                read = socket.getInputStream().readNBytes(header, 0, header.length);
            } catch (java.net.SocketTimeoutException e) {
                read = 0;
            }
            if (random.nextBoolean()) {
                reset(plain);
            }
            return read == header.length ? 1 : 0;
        }
    }

    /** HPACK: :method POST, :scheme https, :path /dns-query, :authority localhost, content-type and length (literals, no Huffman). */
    private static byte[] postHeaders(int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x83); // :method POST
        out.write(0x87); // :scheme https
        literal(out, 0x04, "/dns-query"); // :path
        literal(out, 0x01, "localhost"); // :authority
        literal(out, 0x0F, "application/dns-message", 31 - 15); // content-type
        literal(out, 0x0F, String.valueOf(length), 28 - 15); // content-length
        return out.toByteArray();
    }

    private static void literal(ByteArrayOutputStream out, int index, String value, int... more) {
        out.write(index); // literal without indexing, name by index
        for (int extra : more) {
            out.write(extra);
        }
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private static byte[] h2Frame(int type, int flags, int stream, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(9 + payload.length);
        frame.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        frame.put((byte) type).put((byte) flags).putInt(stream & 0x7FFFFFFF).put(payload);
        return frame.array();
    }

    // ---- what every kind shares

    /** Sends {@code bytes} over plain TCP, then closes, half-closes and waits, or resets. */
    private static void raw(InetSocketAddress server, Random random, byte[] bytes) throws IOException {
        try (Socket socket = Wire.connect(server)) {
            Wire.write(socket, bytes);
            switch (random.nextInt(3)) {
                case 0 -> reset(socket);
                case 1 -> {
                    socket.shutdownOutput();
                    socket.setSoTimeout(2_000);
                    try {
                        socket.getInputStream().readAllBytes();
                    } catch (java.net.SocketTimeoutException e) {
                        reset(socket);
                    }
                }
                default -> { } // closed
            }
        }
    }

    /** Ends the TCP connection under {@code socket} with a reset (SO_LINGER 0) instead of a FIN. */
    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** A handshaken TLS session over {@code plain}, offering {@code alpn} if not null. */
    private SSLSocket tls(Socket plain, InetSocketAddress server, String alpn) throws IOException {
        SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket(plain, "localhost", server.getPort(), true);
        if (alpn != null) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {alpn});
            socket.setSSLParameters(parameters);
        }
        socket.startHandshake();
        return socket;
    }

    /** A fifth of the connections never finish their handshake (random bytes, ClientHellos cut short, plain DNS). */
    private void assertHandshakeFailuresCounted() {
        assertThat(Servers.closed(server, "tls_handshake")).as("connections_closed{reason=tls_handshake}")
                .isGreaterThan(DOT_CONNECTIONS / 10.0);
    }

    private void assertStillServes() throws Exception {
        Message expected;
        try (DatagramSocket socket = Wire.udpSocket()) {
            expected = new Message(Wire.udpExchange(socket, udp, Wire.query(1, Servers.NAME)));
        }
        assertThat(expected.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(expected.getSection(Section.ANSWER)).hasSize(2);

        Message overTls;
        try (SSLSocket socket = tls(Wire.connect(dot), dot, null)) {
            Wire.write(socket, Wire.frame(Wire.query(1, Servers.NAME)));
            overTls = Wire.readFrame(socket);
        }
        assertSameAnswer(overTls, expected, "DoT");

        HttpClient client = HttpClient.newBuilder().sslContext(trusting).connectTimeout(Duration.ofSeconds(10)).build();
        for (HttpClient.Version version : HttpClient.Version.values()) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(
                            URI.create("https://localhost:" + doh.getPort() + "/dns-query"))
                    .version(version)
                    .timeout(Duration.ofSeconds(10))
                    .header("content-type", "application/dns-message")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Wire.query(0, Servers.NAME)))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as("DoH %s status", version).isEqualTo(200);
            assertThat(response.version()).isEqualTo(version);
            Message overHttps = new Message(response.body());
            assertSameAnswer(overHttps, expected, "DoH " + version);
        }
        assertThat(warnings.lines()).as("WARN and ERROR lines").isEmpty();
    }

    private static void assertSameAnswer(Message actual, Message expected, String transport) {
        assertThat(actual.getRcode()).as("%s rcode", transport).isEqualTo(expected.getRcode());
        for (int section : new int[] {Section.QUESTION, Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            assertThat(actual.getSection(section)).as("%s %s section", transport, Section.string(section))
                    .containsExactlyInAnyOrderElementsOf(expected.getSection(section));
        }
    }

    /** The bytes of a real ClientHello, to be cut short. */
    private static byte[] clientHello(SSLContext context) throws IOException {
        SSLEngine engine = context.createSSLEngine("localhost", 853);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        assertThat(hello.length).as("ClientHello bytes").isGreaterThan(50);
        return hello;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

}
