package org.awsdns.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.server.config.ConfigException;
import org.awsdns.server.tls.TestCertificates;
import org.awsdns.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS over TLS (RFC 7858) and over HTTPS (RFC 8484) beside plain DNS, on the offline demo's
 * chain: for every name of examples/demo-instances.json (PTR of each running instance's address,
 * then A and TXT of the name it gives, plus names that do not exist), Debian's kdig over TLS and
 * over HTTPS (POST and GET) gets the same sections and status as dig over UDP.
 */
class EncryptedTransportsTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("awsdns.root"), "examples");

    @TempDir
    static Path directory;

    private static AwsdnsServer server;
    private static TestCertificates certificates;
    private static int udpPort;
    private static int tlsPort;
    private static int httpsPort;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.create(directory, "awsdns-test");
        // listen addresses are told apart by IP and port, so the encrypted ones need ports of their own
        int tls = freeTcpPort();
        int https = freeTcpPort();
        server = AwsdnsServer.builder().yaml("""
                inventories:
                  demo: {file: "%s"}
                servers:
                  - listen: ["127.0.0.1:0", "tls://127.0.0.1:%d", "https://127.0.0.1:%d/dns-query"]
                    tls: {cert: "%s", key: "%s"}
                    zones: ["demo.internal.", "in-addr.arpa."]
                    plugins:
                      - log
                      - ec2-forward: {inventory: demo, zone: demo.internal., ttl: 60}
                      - ec2-reverse: {inventory: demo, zone: demo.internal., ttl: 60}
                      - txt-extra: {inventory: demo, extra: ["tag:Class", id, key_name], ttl: 60}
                """.formatted(EXAMPLES.resolve("demo-instances.json"), tls, https, certificates.cert(), certificates.key()))
                .start();
        List<InetSocketAddress> bound = server.boundAddresses();
        udpPort = bound.get(0).getPort();
        tlsPort = bound.get(1).getPort();
        httpsPort = bound.get(2).getPort();
        awaitLoaded();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyDemoNameAnswersTheSameOverTlsAndHttpsAsOverUdp() throws Exception {
        List<String[]> questions = new ArrayList<>();
        for (String address : runningAddresses()) {
            questions.add(new String[] {reverse(address), "PTR"});
            Answer ptr = dig(reverse(address), "PTR");
            assertThat(ptr.sections().get("ANSWER")).as("PTR of %s", address).hasSize(1);
            String name = ptr.sections().get("ANSWER").get(0).replaceAll(".* ", "");
            questions.add(new String[] {name, "A"});
            questions.add(new String[] {name, "TXT"});
            questions.add(new String[] {name, "AAAA"});
        }
        questions.add(new String[] {"no-such-instance.demo.internal.", "A"});
        questions.add(new String[] {"old-batch.demo.internal.", "A"});
        assertThat(questions).hasSizeGreaterThanOrEqualTo(4 * 6);
        for (String[] question : questions) {
            Answer udp = dig(question[0], question[1]);
            assertThat(udp.status()).as("dig %s %s", question[0], question[1]).isIn("NOERROR", "NXDOMAIN");
            assertThat(kdig(tlsPort, question[0], question[1], "+tls"))
                    .as("kdig +tls %s %s", question[0], question[1]).isEqualTo(udp);
            assertThat(kdig(httpsPort, question[0], question[1], "+https=/dns-query"))
                    .as("kdig +https %s %s", question[0], question[1]).isEqualTo(udp);
            assertThat(kdig(httpsPort, question[0], question[1], "+https=/dns-query", "+https-get"))
                    .as("kdig +https-get %s %s", question[0], question[1]).isEqualTo(udp);
        }
        for (String transport : List.of("tls", "https")) {
            double requests = server.meterRegistry().find("awsdns_requests").tag("transport", transport).counters().stream()
                    .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
            assertThat(requests).as("awsdns_requests{transport=%s}", transport)
                    .isGreaterThanOrEqualTo(transport.equals("tls") ? questions.size() : 2 * questions.size());
        }
    }

    @Test
    void anEncryptedListenerWithoutACertificateFailsAtLoadNamingTheLine() {
        assertThatThrownBy(() -> AwsdnsServer.fromYaml("""
                servers:
                  - listen: ["127.0.0.1:0", "tls://127.0.0.1:0"]
                    plugins: [log]
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(":2:")
                .hasMessageContaining("servers[0].listen[1]: tls://127.0.0.1:0 needs the block's certificate");
    }

    @Test
    void aMissingKeyFileFailsAtLoadNamingTheFile() {
        Path missing = directory.resolve("missing-key.pem");
        assertThatThrownBy(() -> AwsdnsServer.fromYaml("""
                servers:
                  - listen: ["https://127.0.0.1:0"]
                    tls: {cert: "%s", key: "%s"}
                    plugins: [log]
                """.formatted(certificates.cert(), missing)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("servers[0].tls")
                .hasMessageContaining(missing.toString());
    }

    private static int freeTcpPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static void awaitLoaded() {
        Await.untilAsserted(Duration.ofSeconds(20), () ->
                assertThat(dig("bootstrapper-test.demo.internal.", "A").status()).as("the demo inventory loads").isEqualTo("NOERROR"));
    }

    private static List<String> runningAddresses() throws IOException {
        JsonNode root = new ObjectMapper().readTree(EXAMPLES.resolve("demo-instances.json").toFile());
        List<String> addresses = new ArrayList<>();
        for (JsonNode reservation : root.path("Reservations")) {
            for (JsonNode instance : reservation.path("Instances")) {
                if (instance.path("State").path("Name").asText().equals("running")) {
                    addresses.add(instance.path("PrivateIpAddress").asText());
                }
            }
        }
        return addresses;
    }

    private static String reverse(String ipv4) {
        String[] octets = ipv4.split("\\.");
        return octets[3] + "." + octets[2] + "." + octets[1] + "." + octets[0] + ".in-addr.arpa.";
    }

    /** The status and the answer, authority and additional sections, whitespace folded. */
    record Answer(String status, Map<String, List<String>> sections) {}

    private static Answer dig(String name, String type) throws Exception {
        return parse(run(List.of("dig", "@127.0.0.1", "-p", String.valueOf(udpPort), name, type, "+time=3", "+tries=1")));
    }

    private static Answer kdig(int port, String name, String type, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("kdig", "@127.0.0.1", "-p", String.valueOf(port),
                "+tls-ca=" + certificates.cert(), "+tls-hostname=localhost", "+timeout=5", "+retry=0"));
        command.addAll(List.of(options));
        command.addAll(List.of(name, type));
        return parse(run(command));
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finishes", command).isTrue();
        assertThat(process.exitValue()).as("%s:%n%s", command, output).isZero();
        return output;
    }

    /** dig and kdig print sections alike: a header line, then one record a line. */
    static Answer parse(String output) {
        String status = output.replaceAll("(?s).*status: (\\w+).*", "$1");
        Map<String, List<String>> sections = new LinkedHashMap<>();
        for (String section : List.of("ANSWER", "AUTHORITY", "ADDITIONAL")) {
            sections.put(section, new ArrayList<>());
        }
        List<String> current = null;
        for (String line : output.split("\n")) {
            String header = line.replaceAll("^;; (ANSWER|AUTHORITY|ADDITIONAL) SECTION:.*$", "$1");
            if (sections.containsKey(header)) {
                current = sections.get(header);
            } else if (line.isBlank() || line.startsWith(";")) {
                current = line.isBlank() ? null : current;
            } else if (current != null) {
                current.add(line.trim().replaceAll("\\s+", " "));
            }
        }
        sections.values().forEach(list -> list.sort(null));
        return new Answer(status, sections);
    }
}
