package org.awsdns.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The DoH codec behind real TLS, asked by real clients: kdig (HTTP/2, POST and GET) and the
 * JDK's HttpClient (HTTP/1.1 and HTTP/2). The exchange behind it answers every A query with
 * 192.0.2.7, TTL 300, and names the client it saw.
 */
class DohChannelInitializerTest {
    @TempDir
    Path directory;

    private TlsContextSource tls;
    private EventLoopGroup group;
    private ExecutorService handshakes;
    private Channel server;
    private TestCertificates certificates;
    private final List<InetSocketAddress> clientsSeen = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        certificates = TestCertificates.create(directory, "doh-test");
        tls = TlsContextSource.load(
                new TlsFiles(certificates.cert(), certificates.key(), Optional.empty()), DohChannelInitializer.ALPN);
        DohChannelInitializer doh = new DohChannelInitializer("/dns-query", this::answer, 16);
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        handshakes = Executors.newSingleThreadExecutor();
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast("tls", tls.newHandler(channel.alloc(), handshakes));
                        doh.addHttp(channel);
                    }
                })
                .bind("127.0.0.1", 0)
                .sync()
                .channel();
    }

    @AfterEach
    void stop() throws Exception {
        server.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        handshakes.shutdownNow();
    }

    private synchronized CompletableFuture<byte[]> answer(byte[] query, InetSocketAddress client) {
        clientsSeen.add(client);
        try {
            Message request = new Message(query);
            Message reply = new Message(request.getHeader().getID());
            reply.getHeader().setFlag(Flags.QR);
            reply.addRecord(request.getQuestion(), Section.QUESTION);
            if (request.getQuestion().getType() == Type.A) {
                reply.addRecord(new ARecord(request.getQuestion().getName(), DClass.IN, 300,
                        java.net.InetAddress.getByName("192.0.2.7")), Section.ANSWER);
            }
            return CompletableFuture.completedFuture(reply.toWire());
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Test
    void kdigPostOverHttp2GetsTheAnswer() throws Exception {
        String output = kdig("+https=/dns-query");
        assertThat(output).contains("status: NOERROR").containsPattern("web\\.demo\\.\\s+300\\s+IN\\s+A\\s+192\\.0\\.2\\.7");
        assertThat(clientsSeen).extracting(InetSocketAddress::getHostString).containsOnly("127.0.0.1");
    }

    @Test
    void kdigGetOverHttp2GetsTheAnswer() throws Exception {
        String output = kdig("+https=/dns-query", "+https-get");
        assertThat(output).contains("status: NOERROR").containsPattern("web\\.demo\\.\\s+300\\s+IN\\s+A\\s+192\\.0\\.2\\.7");
    }

    @Test
    void http11PostAnswersWithDnsMessageAndMaxAge() throws Exception {
        HttpResponse<byte[]> response = client(HttpClient.Version.HTTP_1_1).send(
                HttpRequest.newBuilder(uri("/dns-query"))
                        .header("content-type", "application/dns-message")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(query("web.demo.", Type.A)))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/dns-message");
        assertThat(response.headers().firstValue("cache-control")).contains("max-age=300");
        Message reply = new Message(response.body());
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("192.0.2.7");
    }

    @Test
    void http2GetWithBase64UrlAnswers() throws Exception {
        String dns = Base64.getUrlEncoder().withoutPadding().encodeToString(query("web.demo.", Type.A));
        HttpResponse<byte[]> response = client(HttpClient.Version.HTTP_2).send(
                HttpRequest.newBuilder(uri("/dns-query?dns=" + dns)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new Message(response.body()).getSection(Section.ANSWER)).hasSize(1);
    }

    @Test
    void refusesWrongPathMethodTypeAndBadBase64() throws Exception {
        HttpClient client = client(HttpClient.Version.HTTP_1_1);
        byte[] query = query("web.demo.", Type.A);
        assertThat(status(client, HttpRequest.newBuilder(uri("/other")).POST(
                HttpRequest.BodyPublishers.ofByteArray(query)).header("content-type", "application/dns-message").build()))
                .isEqualTo(404);
        assertThat(status(client, HttpRequest.newBuilder(uri("/dns-query")).PUT(
                HttpRequest.BodyPublishers.ofByteArray(query)).build()))
                .isEqualTo(405);
        assertThat(status(client, HttpRequest.newBuilder(uri("/dns-query")).POST(
                HttpRequest.BodyPublishers.ofByteArray(query)).header("content-type", "text/plain").build()))
                .isEqualTo(415);
        assertThat(status(client, HttpRequest.newBuilder(uri("/dns-query?dns=not*base64")).GET().build()))
                .isEqualTo(400);
        assertThat(status(client, HttpRequest.newBuilder(uri("/dns-query")).GET().build()))
                .isEqualTo(400);
        // the connection survived every refusal
        assertThat(status(client, HttpRequest.newBuilder(uri("/dns-query")).POST(
                HttpRequest.BodyPublishers.ofByteArray(query)).header("content-type", "application/dns-message").build()))
                .isEqualTo(200);
    }

    @Test
    void aBrokenEscapeOrRequestLineIsABadRequest() throws Exception {
        // neither the JDK's client nor its URI class sends these: raw bytes over TLS
        assertThat(rawStatusLine("GET /dns-query?dns=%% HTTP/1.1\r\nHost: localhost\r\n\r\n")).isEqualTo("HTTP/1.1 400");
        assertThat(rawStatusLine("GET /dns%zz-query HTTP/1.1\r\nHost: localhost\r\n\r\n")).isEqualTo("HTTP/1.1 400");
        assertThat(rawStatusLine("GARBAGE\r\n\r\n")).isEqualTo("HTTP/1.1 400");
    }

    @Test
    void rotatedCertificateServesNewConnectionsAndABrokenOneIsNotTaken() throws Exception {
        TestCertificates first = certificates;
        TestCertificates second = TestCertificates.create(directory, "rotated");
        Files.copy(second.cert(), first.cert(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(second.key(), first.key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(first.cert(), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertThat(tls.reloadIfChanged()).isTrue();
        assertThat(tls.reloadIfChanged()).isFalse();
        certificates = second;
        assertThat(status(client(HttpClient.Version.HTTP_1_1), post())).isEqualTo(200);

        Files.writeString(first.key(), "-----BEGIN PRIVATE KEY-----\nnot a key\n");
        Files.setLastModifiedTime(first.key(), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10_000));
        assertThat(tls.reloadIfChanged()).isFalse();
        assertThat(status(client(HttpClient.Version.HTTP_2), post())).isEqualTo(200);
    }

    @Test
    void loadNamesAFileThatIsMissingOrNotAKey() throws Exception {
        Path missing = directory.resolve("missing.pem");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TlsContextSource.load(
                        new TlsFiles(certificates.cert(), missing, Optional.empty()), List.of()))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining(missing.toString());
        Path notKey = Files.writeString(directory.resolve("not-key.pem"), "hello");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TlsContextSource.load(
                        new TlsFiles(certificates.cert(), notKey, Optional.empty()), List.of()))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining(notKey.toString());
    }

    @Test
    void withClientCaOnlyClientsWithACertificateItIssuedGetAnAnswer() throws Exception {
        Path ca = directory.resolve("ca.pem");
        Path caKey = directory.resolve("ca-key.pem");
        Path clientKey = directory.resolve("client-key.pem");
        Path clientCsr = directory.resolve("client.csr");
        Path client = directory.resolve("client.pem");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=test-ca", "-keyout", caKey.toString(), "-out", ca.toString());
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-subj", "/CN=client", "-keyout", clientKey.toString(), "-out", clientCsr.toString());
        openssl("x509", "-req", "-in", clientCsr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "2", "-out", client.toString());
        TlsContextSource mutual = TlsContextSource.load(
                new TlsFiles(certificates.cert(), certificates.key(), Optional.of(ca)), DohChannelInitializer.ALPN);
        Channel second = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast("tls", mutual.newHandler(channel.alloc(), handshakes));
                        new DohChannelInitializer("/dns-query", DohChannelInitializerTest.this::answer, 16).addHttp(channel);
                    }
                })
                .bind("127.0.0.1", 0)
                .sync()
                .channel();
        try {
            int port = ((InetSocketAddress) second.localAddress()).getPort();
            String with = kdigAt(port, "+https=/dns-query", "+tls-certfile=" + client, "+tls-keyfile=" + clientKey);
            assertThat(with).contains("status: NOERROR");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client(HttpClient.Version.HTTP_1_1).send(
                            HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/dns-query"))
                                    .header("content-type", "application/dns-message")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(query("web.demo.", Type.A)))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding()))
                    .as("a client without a certificate")
                    .isInstanceOf(java.io.IOException.class);
        } finally {
            second.close().sync();
        }
    }

    private static void openssl(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private HttpRequest post() throws Exception {
        return HttpRequest.newBuilder(uri("/dns-query"))
                .header("content-type", "application/dns-message")
                .POST(HttpRequest.BodyPublishers.ofByteArray(query("web.demo.", Type.A)))
                .build();
    }

    private static int status(HttpClient client, HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private URI uri(String pathAndQuery) {
        return URI.create("https://localhost:" + port() + pathAndQuery);
    }

    private static byte[] query(String name, int type) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)).toWire();
    }

    private HttpClient client(HttpClient.Version version) throws Exception {
        return HttpClient.newBuilder().version(version).sslContext(trusting())
                .connectTimeout(java.time.Duration.ofSeconds(5)).build();
    }

    private SSLContext trusting() throws Exception {
        return certificates.trustingClient();
    }

    /** The status line the server answers {@code request} with, sent as is over HTTP/1.1. */
    private String rawStatusLine(String request) throws Exception {
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) trusting().getSocketFactory()
                .createSocket("127.0.0.1", port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.ISO_8859_1);
            return response;
        }
    }

    private String kdig(String... options) throws Exception {
        return kdigAt(port(), options);
    }

    private String kdigAt(int port, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("kdig", "@127.0.0.1", "-p", String.valueOf(port),
                "+tls-ca=" + certificates.cert(), "+tls-hostname=localhost", "+timeout=5", "+retry=0"));
        command.addAll(List.of(options));
        command.addAll(List.of("web.demo.", "A"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
