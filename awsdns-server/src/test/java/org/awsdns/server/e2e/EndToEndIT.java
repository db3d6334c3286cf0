package org.awsdns.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awsdns.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged server, started as users start it on the README's demo, asked with dig. */
class EndToEndIT {
    @TempDir
    static Path work;

    private static ServerProcess server;

    @BeforeAll
    static void startDemo() throws Exception {
        Path demo = Path.of(System.getProperty("awsdns.root"), "examples", "demo.yaml");
        assertThat(demo).exists();
        server = ServerProcess.start(work, demoArguments(demo));
        server.awaitAnswering("bootstrapper-test.demo.internal");
    }

    /** The README's demo, with its metrics and health endpoint moved to a free port. */
    private static String[] demoArguments(Path demo) {
        return new String[] {"--config", demo.toString(),
                "--set", "metrics.listen=127.0.0.1:0", "--set", "health.listen=127.0.0.1:0"};
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answersTheReadmeExampleOverUdp() throws Exception {
        DigResult result = Dig.query(server.port(), "bootstrapper-test.demo.internal", "A");

        assertThat(result.status()).isEqualTo("NOERROR");
        assertThat(result.flags()).contains("qr", "aa", "rd");
        assertThat(result.answer()).containsExactly("bootstrapper-test.demo.internal. 60 IN A 172.31.31.48");
        assertThat(result.authority()).isEmpty();
        assertThat(result.additional()).containsExactly(
                "bootstrapper-test.demo.internal. 60 IN TXT \"tag:Class=test\"",
                "bootstrapper-test.demo.internal. 60 IN TXT \"id=i-d20eee82\"",
                "bootstrapper-test.demo.internal. 60 IN TXT \"key_name=bootstrapper\"");
    }

    @Test
    void answersPtrForTheAddress() throws Exception {
        DigResult result = Dig.query(server.port(), "172.31.31.48", "-x");

        assertThat(result.status()).isEqualTo("NOERROR");
        assertThat(result.answer()).containsExactly("48.31.31.172.in-addr.arpa. 60 IN PTR bootstrapper-test.demo.internal.");
        assertThat(result.additional()).contains("48.31.31.172.in-addr.arpa. 60 IN TXT \"id=i-d20eee82\"");
    }

    @Test
    void answersEveryAddressOfASharedNameOverTcp() throws Exception {
        DigResult result = Dig.query(server.port(), "web.demo.internal", "A", "+tcp");

        assertThat(result.status()).isEqualTo("NOERROR");
        assertThat(result.answer()).containsExactlyInAnyOrder(
                "web.demo.internal. 60 IN A 172.31.40.11",
                "web.demo.internal. 60 IN A 172.31.40.12");
    }

    @Test
    void describesEachInstanceOfASharedNameInItsOwnTxtRecord() throws Exception {
        DigResult result = Dig.query(server.port(), "web.demo.internal", "TXT");

        assertThat(result.answer()).containsExactlyInAnyOrder(
                "web.demo.internal. 60 IN TXT \"tag:Class=web\" \"id=i-0a1b2c3d4e5f60011\" \"key_name=demo-key\"",
                "web.demo.internal. 60 IN TXT \"tag:Class=web\" \"id=i-0a1b2c3d4e5f60012\" \"key_name=demo-key\"");
    }

    @Test
    void answersAnInstanceWhoseNameHasSpacesAndCapitalsByItsNormalisedName() throws Exception {
        DigResult result = Dig.query(server.port(), "Build-Server-01.demo.internal", "A");

        assertThat(result.answer()).containsExactly("Build-Server-01.demo.internal. 60 IN A 172.31.90.7");
    }

    @Test
    void answersAaaaAndItsPtrForTheIpv6Instance() throws Exception {
        DigResult aaaa = Dig.query(server.port(), "api-1.demo.internal", "AAAA");
        DigResult ptr = Dig.query(server.port(), "2600:1f18:2d0:7a00::12", "-x");

        assertThat(aaaa.answer()).containsExactly("api-1.demo.internal. 60 IN AAAA 2600:1f18:2d0:7a00::12");
        assertThat(ptr.answer()).containsExactly(
                "2.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.a.7.0.d.2.0.8.1.f.1.0.0.6.2.ip6.arpa. 60 IN PTR api-1.demo.internal.");
    }

    @Test
    void answersNodataForATypeTheNameLacks() throws Exception {
        DigResult result = Dig.query(server.port(), "bootstrapper-test.demo.internal", "AAAA");

        assertThat(result.status()).isEqualTo("NOERROR");
        assertThat(result.answer()).isEmpty();
    }

    @Test
    void answersNxdomainForAnUnknownNameInItsZone() throws Exception {
        DigResult result = Dig.query(server.port(), "nope.demo.internal", "A");

        assertThat(result.status()).isEqualTo("NXDOMAIN");
        assertThat(result.answer()).isEmpty();
    }

    @Test
    void refusesNamesOutsideItsZones() throws Exception {
        DigResult result = Dig.query(server.port(), "example.com", "A");

        assertThat(result.status()).isEqualTo("REFUSED");
    }

    @Test
    void logsOneLinePerQuery() throws Exception {
        Dig.query(server.port(), "api-1.demo.internal", "AAAA");

        awaitOutput(server, "udp api-1\\.demo\\.internal\\. AAAA NOERROR [0-9.]+ms answered_by=ec2-forward answers=1");
    }

    @Test
    void debugLevelShowsEachPluginAQueryPassed() throws Exception {
        Path demo = Path.of(System.getProperty("awsdns.root"), "examples", "demo.yaml");
        String[] arguments = java.util.stream.Stream.concat(java.util.Arrays.stream(demoArguments(demo)),
                java.util.stream.Stream.of("--log-level", "debug")).toArray(String[]::new);
        try (ServerProcess debug = ServerProcess.start(work, arguments)) {
            debug.awaitAnswering("bootstrapper-test.demo.internal");

            Dig.query(debug.port(), "nope.demo.internal", "A");

            awaitOutput(debug, "nope.demo.internal. A from 127.0.0.1:\\d+ over UDP -> txt-extra");
            assertThat(debug.output()).containsPattern("nope.demo.internal. A from 127.0.0.1:\\d+ over UDP -> log");
        }
    }

    @Test
    void logsIso8601TimesWithTheZoneAndDurationsAsWritten() throws Exception {
        String output = server.output();
        String firstLine = output.lines().findFirst().orElseThrow();

        assertThat(firstLine).containsPattern("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) ");
        java.time.OffsetDateTime.parse(firstLine.substring(0, firstLine.indexOf(' ')));
        assertThat(output).contains("for changes every 2s").doesNotContain("PT2S").doesNotContain("0:0:0:0");
    }

    @Test
    void logFormatJsonWritesOneObjectPerLine() throws Exception {
        Path demo = Path.of(System.getProperty("awsdns.root"), "examples", "demo.yaml");
        String[] arguments = java.util.stream.Stream.concat(java.util.Arrays.stream(demoArguments(demo)),
                java.util.stream.Stream.of("--log-format", "json")).toArray(String[]::new);
        try (ServerProcess json = ServerProcess.start(work, arguments)) {
            json.awaitAnswering("bootstrapper-test.demo.internal");
            awaitOutput(json, "answered_by=ec2-forward");

            com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            java.util.List<com.fasterxml.jackson.databind.JsonNode> lines = new java.util.ArrayList<>();
            for (String line : json.output().lines().filter(line -> !line.isBlank()).toList()) {
                lines.add(mapper.readTree(line)); // every line is one JSON object
            }
            assertThat(lines).isNotEmpty().allSatisfy(line -> {
                assertThat(line.isObject()).isTrue();
                java.time.OffsetDateTime.parse(line.get("time").asText());
                assertThat(line.get("level").asText()).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
            });
            assertThat(lines).anySatisfy(line -> {
                assertThat(line.get("logger").asText()).isEqualTo("awsdns.query");
                assertThat(line.get("message").asText()).contains("bootstrapper-test.demo.internal. A NOERROR");
            });
        }
    }

    private static void awaitOutput(ServerProcess process, String pattern) throws Exception {
        Await.untilAsserted(Duration.ofSeconds(10), () -> assertThat(process.output()).containsPattern(pattern));
    }

    @Test
    void stopsOnSigtermAfterClosingPlugins() throws Exception {
        Path config = work.resolve("stop.yaml");
        Files.writeString(config, """
                servers:
                  - listen: ["127.0.0.1:5353"]
                    plugins:
                      - hosts: {entries: ["10.0.0.1 stop.test"]}
                """);
        try (ServerProcess stopping = ServerProcess.start(work, "--config", config.toString())) {
            stopping.awaitAnswering("stop.test");

            int exitCode = stopping.terminate(Duration.ofSeconds(15));

            assertThat(exitCode).isIn(0, 143);
            assertThat(stopping.output()).containsIgnoringCase("stopped");
        }
    }
}
