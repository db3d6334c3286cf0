package org.awsdns.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.awsdns.server.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 6: {@code awsdns check} finds every mistake {@code serve} finds, short of opening
 * sockets or calling AWS, with the same message (file, line, what is wrong). Each case is run
 * through both: {@code check} on the command line, {@code serve} as {@link AwsdnsServer}.
 */
class CheckAsServeTest {
    @TempDir
    Path work;

    @Test
    void anUnknownInventoryFailsCheckAsItFailsServe() throws Exception {
        Path config = write("""
                inventories:
                  vpc: {file: instances.json}
                servers:
                  - listen: ["127.0.0.1:0"]
                    zones: ["."]
                    plugins:
                      - ec2-forward: {inventory: nope, zone: .}
                """);

        String serve = serveError(config);
        Run check = run("check", "--config", config.toString());

        assertThat(serve).startsWith(config + ":7:9: servers[0].plugins[0]: plugin 'ec2-forward' failed to start: ")
                .contains("unknown inventory", "nope", "[vpc]");
        assertThat(check.exit()).isEqualTo(Main.CONFIG_ERROR);
        assertThat(check.err().strip()).isEqualTo(serve);
        assertThat(check.out()).doesNotContain("configuration OK");
    }

    @Test
    void aPluginThatCannotStartFailsCheckAsItFailsServe() throws Exception {
        Path config = write("""
                servers:
                  - listen: ["127.0.0.1:0"]
                    zones: ["."]
                    plugins:
                      - hosts: {file: no-such-hosts-file}
                """);

        String serve = serveError(config);
        Run check = run("check", "--config", config.toString());

        assertThat(serve).contains(":5:9: servers[0].plugins[0]: plugin 'hosts' failed to start: hosts: cannot read file")
                .contains("no such file");
        assertThat(check.err().strip()).isEqualTo(serve);
    }

    @Test
    void overlappingListenAddressesFailCheckAndServeBeforeAnySocketOpens() throws Exception {
        int port = freePort();
        Path config = write("""
                servers:
                  - listen: ["0.0.0.0:%d"]
                    zones: ["a.internal."]
                    plugins: [any]
                  - listen: ["127.0.0.1:%d"]
                    zones: ["b.internal."]
                    plugins: [any]
                """.formatted(port, port));

        String serve = serveError(config);
        Run check = run("check", "--config", config.toString());

        assertThat(serve).isEqualTo(config + ":5:14: servers[1].listen[0]: 127.0.0.1:" + port
                + " (DNS over UDP and TCP) overlaps 0.0.0.0:" + port + " (DNS over UDP and TCP) of servers[0].listen[0] at "
                + config + ":2:14: a TCP port can be bound only once per address; use another port or the same address");
        assertThat(check.err().strip()).isEqualTo(serve);
    }

    @Test
    void anHttpEndpointOnTheDnsPortFailsCheck() throws Exception {
        int port = freePort();
        Path config = write("""
                metrics: {listen: "127.0.0.1:%d"}
                servers:
                  - listen: ["127.0.0.1:%d"]
                    zones: ["."]
                    plugins: [any]
                """.formatted(port, port));

        Run check = run("check", "--config", config.toString());

        assertThat(check.exit()).isEqualTo(Main.CONFIG_ERROR);
        assertThat(check.err()).contains(config + ":1:").contains("metrics.listen: 127.0.0.1:" + port + " (HTTP) overlaps");
        assertThat(serveError(config)).isEqualTo(check.err().strip());
    }

    @Test
    void theSameAddressInTwoBlocksAndMetricsWithHealthOnOneAddressAreFine() throws Exception {
        Path config = write("""
                metrics: {listen: "127.0.0.1:9153"}
                health: {listen: "127.0.0.1:9153"}
                servers:
                  - listen: ["127.0.0.1:5353"]
                    zones: ["a.internal."]
                    plugins: [any]
                  - listen: ["127.0.0.1:5353", "[::1]:5353"]
                    zones: ["b.internal."]
                    plugins: [any]
                """);

        Run check = run("check", "--config", config.toString());

        assertThat(check.exit()).as(check.err()).isZero();
    }

    @Test
    void aDualStackListenerAlsoServesIpv4ClientsSeenByTheirIpv4Address() throws Exception {
        // what the docs give instead of ["0.0.0.0:53", "[::]:53"] (the same TCP port twice)
        try (AwsdnsServer server = AwsdnsServer.builder().yaml("""
                servers:
                  - listen: ["[::]:0"]
                    zones: ["."]
                    plugins:
                      - acl:
                          - allow: {net: [127.0.0.1/32]}
                          - block:
                      - hosts: {entries: ["192.0.2.7 db.example.internal"]}
                """).start()) {
            int port = server.boundAddresses().get(0).getPort();
            byte[] query = org.xbill.DNS.Message.newQuery(org.xbill.DNS.Record.newRecord(
                    org.xbill.DNS.Name.fromString("db.example.internal."), org.xbill.DNS.Type.A, org.xbill.DNS.DClass.IN)).toWire();
            try (java.net.DatagramSocket socket = new java.net.DatagramSocket(new java.net.InetSocketAddress("127.0.0.1", 0))) {
                socket.setSoTimeout(5000);
                socket.send(new java.net.DatagramPacket(query, query.length, new java.net.InetSocketAddress("127.0.0.1", port)));
                java.net.DatagramPacket reply = new java.net.DatagramPacket(new byte[512], 512);
                socket.receive(reply);
                org.xbill.DNS.Message message = new org.xbill.DNS.Message(java.util.Arrays.copyOf(reply.getData(), reply.getLength()));
                assertThat(message.getRcode()).isEqualTo(org.xbill.DNS.Rcode.NOERROR);
                assertThat(message.getSection(org.xbill.DNS.Section.ANSWER)).hasSize(1);
            }
        }
    }

    @Test
    void yamlAnchorsAliasesAndMergeKeysAreResolved() throws Exception {
        Path config = write("""
                servers:
                  - listen: &listen ["127.0.0.1:5353"]
                    zones: [&zone example.internal.]
                    plugins:
                      - hosts: &hosts {ttl: 60, entries: ["10.0.0.1 db.example.internal"]}
                  - listen: *listen
                    zones: [*zone, other.internal.]
                    plugins:
                      - hosts: {<<: *hosts, ttl: 30}
                """);

        Run check = run("check", "--config", config.toString());

        assertThat(check.exit()).as(check.err()).isZero();
        assertThat(check.out()).contains("zones: [example.internal., other.internal.]")
                .doesNotContain("zones: [zone.");
        assertThat(check.out()).containsSubsequence("1. hosts {\"entries\":[\"10.0.0.1 db.example.internal\"],",
                "\"ttl\":60", "1. hosts {\"entries\":[\"10.0.0.1 db.example.internal\"],", "\"ttl\":30");
    }

    @Test
    void anAliasToNoAnchorIsRefusedWithItsLine() throws Exception {
        Path config = write("""
                servers:
                  - listen: ["127.0.0.1:5353"]
                    zones: [*z]
                    plugins: [any]
                """);

        Run check = run("check", "--config", config.toString());

        assertThat(check.exit()).isEqualTo(Main.CONFIG_ERROR);
        assertThat(check.err().strip()).isEqualTo(config + ":3:13: servers[0].zones[0]: alias '*z' refers to no anchor; "
                + "define '&z' on a value above it");
        assertThat(serveError(config)).isEqualTo(check.err().strip());
    }

    @Test
    void checkCreatesTheInventoryAsServeDoesButNeverCallsAws() throws Exception {
        try (org.awsdns.plugins.ec2.FakeEc2 ec2 = new org.awsdns.plugins.ec2.FakeEc2()) {
            Path config = write("""
                    inventories:
                      vpc: {region: us-east-1, endpoint: "%s", credentials: {access_key_id: AKIAEXAMPLE, secret_access_key: x}}
                    servers:
                      - listen: ["0.0.0.0:53"]
                        zones: ["."]
                        plugins:
                          - forward: {to: ["10.0.0.2:53"], fallthrough: [NXDOMAIN]}
                          - ec2-forward: {inventory: vpc, zone: .}
                    """.formatted(ec2.endpoint()));

            Run check = run("check", "--config", config.toString());
            Thread.sleep(500); // what a started inventory would have sent by now

            assertThat(check.exit()).as(check.err()).isZero();
            assertThat(check.out()).contains("configuration OK");
            assertThat(ec2.requests()).isEmpty();
        }
    }

    private Path write(String yaml) throws Exception {
        return Files.writeString(work.resolve("awsdns.yaml"), yaml);
    }

    private static String serveError(Path config) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> AwsdnsServer.builder().configFile(config).start().close())
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> thrown[0] = e);
        return thrown[0].getMessage();
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err) {}
}
